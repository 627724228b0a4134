import { UserInput, KeyAreaInput, toIssues } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { matchApiMessage, spreadProblem } from './api-messages';

const problem = (errors: { field: string; message: string }[], status = 422) =>
  new ApiError({ type: '/problems/validation', title: 'Validation failed', status, detail: '', errors });

describe('API field messages in the catalogue', () => {
  it('knows the contracts’ own messages for a bad username, a short password and a target over 100', () => {
    const user = UserInput.safeParse({ username: 'kt badon', displayName: 'B', password: 'short', role: 'technician', scope: { all: true } });
    const byField = Object.fromEntries(toIssues(user.error!).map((i) => [i.path, matchApiMessage(i.message)]));
    expect(byField.username).toEqual({ key: 'usernamePattern', params: {} });
    expect(byField.password).toEqual({ key: 'minLength', params: { n: '10' } });

    const area = KeyAreaInput.safeParse({ code: '-x', name: '', district: 'D', category: 'market', coverageTargetPct: 150, boundary: { type: 'Polygon', coordinates: [[[1, 1], [2, 2], [1, 1]]] } });
    const issues = Object.fromEntries(toIssues(area.error!).map((i) => [i.path.split('.')[0], matchApiMessage(i.message)?.key]));
    expect(issues).toMatchObject({ code: 'identifierPattern', name: 'required', coverageTargetPct: 'lte', boundary: 'ringTooShort' });
  });

  it('knows the registry’s refusals and takes their names and numbers along', () => {
    expect(matchApiMessage('no key area lies in a district named "Thi xa Ba Don"')).toEqual({ key: 'noDistrict', params: { name: 'Thi xa Ba Don' } });
    expect(matchApiMessage('no key area XX-1')).toEqual({ key: 'noArea', params: { code: 'XX-1' } });
    expect(matchApiMessage('not a valid polygon: Self-intersection[106.41 17.75]')).toEqual({ key: 'invalidPolygon', params: { reason: 'Self-intersection[106.41 17.75]' } });
    expect(matchApiMessage('lies 1043 m outside key area BD-TT; a checkpoint must be inside its area or within 200 m of it')).toEqual({
      key: 'outsideArea',
      params: { distance: '1043 m', code: 'BD-TT', tolerance: '200 m' },
    });
    expect(matchApiMessage('key area BD-TT already has a checkpoint BD-TT-CP-01')?.key).toBe('checkpointExists');
    expect(matchApiMessage('must be ≤ 100')).toEqual({ key: 'lte', params: { n: '100' } });
  });

  it('leaves an unknown message to be shown as the API wrote it', () => {
    expect(matchApiMessage('something new from the API')).toBeUndefined();
  });
});

describe('a problem spread over a form', () => {
  it('puts each message beside the field its path falls under, the specific field first', () => {
    const err = problem([
      { field: 'username', message: 'already exists' },
      { field: 'scope.districts', message: 'no key area lies in a district named "X"' },
      { field: 'scope', message: 'a scope needs all: true, or at least one area or district' },
      { field: 'extra', message: 'unknown' },
    ]);
    expect(spreadProblem(err, ['username', 'scope.districts', 'scope'])).toEqual({
      fields: { username: 'already exists', 'scope.districts': 'no key area lies in a district named "X"', scope: 'a scope needs all: true, or at least one area or district' },
      others: [{ field: 'extra', message: 'unknown' }],
    });
  });

  it('joins two messages of one field and ignores what is not an API problem', () => {
    const err = problem([
      { field: 'boundary.coordinates.0', message: 'a ring needs at least 4 positions' },
      { field: 'boundary.coordinates.0', message: 'a ring must be closed: its last position equals its first' },
    ]);
    expect(spreadProblem(err, ['boundary']).fields.boundary).toBe('a ring needs at least 4 positions\na ring must be closed: its last position equals its first');
    expect(spreadProblem(new TypeError('fetch failed'), ['boundary'])).toEqual({ fields: {}, others: [] });
  });
});

describe('a scoped admin’s refusals in the catalogue', () => {
  it('names each of the registry’s scope refusals (libs/access admin-scope) so it shows in Vietnamese', () => {
    expect(matchApiMessage('you may not grant all areas: your own scope is district Thị xã Ba Đồn')?.key).toBe('grantAll');
    expect(matchApiMessage('you may not widen your own scope: you may not grant all areas: your own scope is district Thị xã Ba Đồn')?.key).toBe('widenOwnScope');
    expect(matchApiMessage('district "Thành phố Đồng Hới" is outside your scope (district Thị xã Ba Đồn)')).toEqual({
      key: 'districtOutsideScope',
      params: { name: 'Thành phố Đồng Hới' },
    });
    expect(matchApiMessage('district "Thành phố Đồng Hới" is outside your scope (district Thị xã Ba Đồn): you may create key areas only within it')?.key).toBe(
      'areaDistrictOutsideScope',
    );
    expect(matchApiMessage('moving key area BD-TT to district "Thành phố Đồng Hới" would take it outside your scope (district Thị xã Ba Đồn)')).toEqual({
      key: 'areaMoveOutsideScope',
      params: { code: 'BD-TT', name: 'Thành phố Đồng Hới' },
    });
    expect(matchApiMessage('key area DH-TT is outside your scope (district Thị xã Ba Đồn)')).toEqual({ key: 'outsideScope', params: { code: 'DH-TT' } });
  });
});
