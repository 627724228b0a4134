import { NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { RemoteError, TokenError } from '@ioc/platform';
import { Problem } from './problem';
import { toProblem } from './problem.filter';
import { pathParam, queryBool, queryInt, validate } from './validate';

describe('problem details', () => {
  it('turns a service refusal into its HTTP status with the field list, in Vietnamese unless English is asked for', () => {
    const p = toProblem(new RemoteError('invalid', 'name: must be at most 200 characters', [{ path: 'name', message: 'must be at most 200 characters' }]));
    expect(p.toJSON('/api/v1/devices')).toEqual({
      type: '/problems/invalid',
      title: 'Dữ liệu chưa hợp lệ',
      status: 422,
      detail: 'name: tối đa 200 ký tự',
      instance: '/api/v1/devices',
      errors: [{ field: 'name', message: 'tối đa 200 ký tự' }],
    });
    expect(p.toJSON('/api/v1/devices', 'en')).toEqual({
      type: '/problems/invalid',
      title: 'Some fields are not valid',
      status: 422,
      detail: 'name: must be at most 200 characters',
      instance: '/api/v1/devices',
      errors: [{ field: 'name', message: 'must be at most 200 characters' }],
    });
  });

  it('keeps a sentence the catalogue does not know as the service wrote it', () => {
    expect(toProblem(new RemoteError('conflict', 'a brand new refusal')).toJSON()).toMatchObject({ title: 'Dữ liệu đã bị thay đổi hoặc trùng lặp', detail: 'a brand new refusal' });
  });

  it.each([
    ['conflict', 409],
    ['forbidden', 403],
    ['not_found', 404],
    ['unauthorized', 401],
    ['unavailable', 503],
  ])('maps the service code %s to %i', (code, status) => {
    expect(toProblem(new RemoteError(code, 'x')).status).toBe(status);
  });

  it('hides the message of an unexpected service failure', () => {
    const p = toProblem(new RemoteError('internal', 'relation "x" does not exist'));
    expect(p.status).toBe(500);
    expect(p.message).not.toContain('relation');
  });

  it('answers 401 with the reason for a token problem', () => {
    expect(toProblem(new TokenError('expired', 'the token has expired')).toJSON()).toMatchObject({ status: 401, type: '/problems/token_expired' });
  });

  it('answers 503 when nobody answers on NATS', () => {
    expect(toProblem(Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' })).status).toBe(503);
    expect(toProblem(Object.assign(new Error('503'), { code: '503' })).status).toBe(503);
  });

  it('keeps the status of Nest and body-parser errors', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/v1/nope')).status).toBe(404);
    expect(toProblem(Object.assign(new Error('request entity too large'), { status: 413 })).status).toBe(413);
    expect(toProblem(Object.assign(new Error('Unexpected token'), { status: 400 })).status).toBe(400);
  });

  it('answers 500 without internals for anything else', () => {
    expect(toProblem(new Error('boom')).toJSON(undefined, 'en')).toEqual({
      type: '/problems/internal',
      title: 'System error; please tell an administrator',
      status: 500,
      detail: 'internal error; it is in the api log',
    });
    expect(toProblem(new Error('boom')).toJSON()).toEqual({ type: '/problems/internal', title: 'Lỗi hệ thống, vui lòng báo quản trị viên', status: 500, detail: 'lỗi hệ thống; lỗi đã được ghi vào nhật ký' });
  });
});

describe('request validation', () => {
  const schema = z.object({ name: z.string().min(1), limit: queryInt(100, 1, 1000), dryRun: queryBool() });

  it('names every invalid field', () => {
    let problem: Problem | undefined;
    try {
      validate(schema, { name: '', limit: '0', dryRun: 'yes' }, 'query');
    } catch (e) {
      problem = e as Problem;
    }
    expect(problem?.status).toBe(422);
    expect(problem?.errors.map((e) => e.field).sort()).toEqual(['dryRun', 'limit', 'name']);
    expect(problem?.message).toBe('the query has 3 invalid fields: name, limit, dryRun');
  });

  it('reads query text as numbers and booleans, with defaults', () => {
    expect(validate(schema, { name: 'a', limit: '25', dryRun: 'true' })).toEqual({ name: 'a', limit: 25, dryRun: true });
    expect(validate(schema, { name: 'a' })).toEqual({ name: 'a', limit: 100, dryRun: false });
  });

  it('names a refused path parameter by its name', () => {
    let problem: Problem | undefined;
    try {
      pathParam('id', z.string().uuid('must be a user id (UUID)'), 'not-a-uuid');
    } catch (e) {
      problem = e as Problem;
    }
    expect(problem?.status).toBe(422);
    expect(problem?.errors).toEqual([{ field: 'id', message: 'must be a user id (UUID)' }]);
    expect(pathParam('code', z.string().min(1), 'DH-TT')).toBe('DH-TT');
  });
});
