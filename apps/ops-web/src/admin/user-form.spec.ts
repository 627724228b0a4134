import { UserInput, type User } from '@ioc/contracts';
import { emptyUserForm, formFromUser, scopeFromForm, scopeMode, userInputFromForm, userPatchFromForm } from './user-form';

const user: User = {
  id: 'u1',
  username: 'kt.badon',
  displayName: 'Trần Thị B',
  role: 'technician',
  scope: { all: false, areas: [], districts: ['Thị xã Ba Đồn'] },
  disabled: false,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('the user form', () => {
  it('makes a technician of one district that the contract accepts', () => {
    const form = { ...emptyUserForm(), username: 'kt.badon', displayName: 'Trần Thị B', password: 'mat-khau-tam-thoi-1', role: 'technician' as const, mode: 'districts' as const, districts: ['Thị xã Ba Đồn'], areas: ['DH-TT'] };
    const body = userInputFromForm(form);
    expect(body.scope).toEqual({ all: false, districts: ['Thị xã Ba Đồn'], areas: [] });
    expect(UserInput.safeParse(body).success).toBe(true);
  });

  it('sends all areas without lists, whatever was ticked before', () => {
    expect(scopeFromForm({ mode: 'all', districts: ['A'], areas: ['X'] })).toEqual({ all: true, districts: [], areas: [] });
    expect(scopeFromForm({ mode: 'areas', districts: ['A'], areas: ['X', 'X'] })).toEqual({ all: false, districts: [], areas: ['X'] });
    expect(scopeFromForm({ mode: 'mixed', districts: ['A'], areas: ['X'] })).toEqual({ all: false, districts: ['A'], areas: ['X'] });
  });

  it('opens a user with both lists in the mode that keeps both', () => {
    expect(scopeMode({ all: false, districts: ['A'], areas: ['X'] })).toBe('mixed');
    expect(scopeMode({ all: false, districts: [], areas: ['X'] })).toBe('areas');
    expect(scopeMode({ all: true, districts: [], areas: [] })).toBe('all');
  });

  it('sends nothing for a user the admin did not change', () => {
    expect(userPatchFromForm(user, formFromUser(user))).toEqual({});
  });

  it('sends only the display name when only the name changed (the user’s sessions stay)', () => {
    expect(userPatchFromForm(user, { ...formFromUser(user), displayName: 'Trần Thị Bình' })).toEqual({ displayName: 'Trần Thị Bình' });
  });

  it('sends the scope when a district is added, not when the same districts come in another order', () => {
    const two = { ...user, scope: { ...user.scope, districts: ['Thị xã Ba Đồn', 'Huyện Bố Trạch'] } };
    expect(userPatchFromForm(user, { ...formFromUser(user), districts: ['Thị xã Ba Đồn', 'Huyện Bố Trạch'] })).toEqual({
      scope: { all: false, districts: ['Thị xã Ba Đồn', 'Huyện Bố Trạch'], areas: [] },
    });
    expect(userPatchFromForm(two, { ...formFromUser(two), districts: ['Huyện Bố Trạch', 'Thị xã Ba Đồn'] })).toEqual({});
  });

  it('sends a new password and a new role when given', () => {
    expect(userPatchFromForm(user, { ...formFromUser(user), password: 'mot-mat-khau-moi', role: 'operator' })).toEqual({ password: 'mot-mat-khau-moi', role: 'operator' });
  });
});
