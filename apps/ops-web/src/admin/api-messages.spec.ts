import { ApiError } from '../api/http';
import { spreadProblem } from './api-messages';

const problem = (errors: { field: string; message: string }[], status = 422) =>
  new ApiError({ type: '/problems/validation', title: 'Validation failed', status, detail: '', errors });

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
