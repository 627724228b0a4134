// The rules every edge shares (REST, NATS operations, CSV import, MQTT): text, ids, numbers
// and the province's extent, with their borders: exactly the limit, one over, NUL, lone
// surrogates, U+FFFD, the extent's edge and just past its margin.
import { bigintId, deepTextIssue, int4, MAX_INT4, requiredString, text, textProblem, uuid } from './contract';
import { LoginInput, UserPatch } from './auth/access.contract';
import { AcknowledgeInput, CommentInput } from './incident/incident.contract';
import { DeviceStatusPayloadV1, DeviceEventPayloadV1 } from './mqtt/device-payloads.contract';
import { REGISTRY_OPERATIONS } from './registry/operations.contract';
import {
  DEFAULT_PROVINCE_EXTENT,
  DEFAULT_PROVINCE_MARGIN_DEG,
  extentIssues,
  KeyAreaInput,
  MAX_RING_POSITIONS,
  outsideExtent,
  parseGeoExtent,
  requiredText,
  safeText,
} from './registry/register.contract';

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('text at the edges', () => {
  it('accepts Vietnamese text with its diacritics and emoji (surrogate pairs)', () => {
    expect(textProblem('Ngã tư Trần Hưng Đạo 🚦')).toBeUndefined();
  });

  it.each([
    ['NUL', 'a\u0000b', 'NUL at character 2'],
    ['a C0 control', 'a\u0007', 'U+0007'],
    ['DEL', '\u007f', 'U+007F'],
    ['a C1 control', 'x\u0085', 'U+0085'],
    ['a line feed in one-line text', 'a\nb', 'U+000A'],
  ])('refuses %s', (_what, value, found) => {
    expect(textProblem(value)).toContain(found);
  });

  it('lets tabs and line breaks through in notes and descriptions, but never NUL', () => {
    expect(textProblem('dòng 1\r\ndòng 2\tcột', { lines: true })).toBeUndefined();
    expect(textProblem('a\u0000', { lines: true })).toContain('NUL');
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['a high surrogate at the end', 'abc\ud83d'],
  ])('refuses %s', (_what, value) => {
    expect(textProblem(value)).toContain('lone surrogate');
  });

  it('refuses U+FFFD, what invalid UTF-8 decodes to, so such bytes are never stored', () => {
    const decoded = new TextDecoder().decode(Buffer.from([0x61, 0xff, 0x62]));
    expect(textProblem(decoded)).toContain('valid UTF-8');
  });

  it('takes exactly the limit and refuses one more', () => {
    expect(text(5).safeParse('12345').success).toBe(true);
    expect(text(5).safeParse('123456').success).toBe(false);
    expect(requiredString(5).safeParse('').success).toBe(false);
    expect(requiredText(5).safeParse(' 12345 ').success).toBe(true);
    expect(requiredText(5).safeParse('123456').success).toBe(false);
  });

  it('keeps line breaks inside the register’s free text (a quoted CSV cell), never NUL', () => {
    expect(requiredText(100).safeParse('Cổng chính,\nphía Bắc').success).toBe(true);
    expect(requiredText(100).safeParse('Cổng\u0000chính').success).toBe(false);
  });

  it('applies to the register’s free text, after trimming, next to the formula rule', () => {
    expect(safeText(100).safeParse('Hikvision\u0000').success).toBe(false);
    expect(safeText(100).safeParse('=1+1').success).toBe(false);
    expect(safeText(100).safeParse('  Dahua  ').data).toBe('Dahua');
  });

  it('names the field in a login with NUL in the username', () => {
    expect(fieldsOf(LoginInput.safeParse({ username: 'admin\u0000', password: 'x' }))).toEqual(['username']);
  });

  it('names the field in an operator note with NUL, and keeps line breaks in a comment', () => {
    expect(fieldsOf(AcknowledgeInput.safeParse({ version: 1, note: 'ok\u0000' }))).toEqual(['note']);
    expect(CommentInput.safeParse({ version: 1, note: 'line 1\nline 2' }).success).toBe(true);
  });

  it('refuses NUL anywhere in a device payload, extra attributes and their keys included', () => {
    const ts = '2026-01-01T00:00:00Z';
    expect(DeviceStatusPayloadV1.parse({ id: 'm1', ts, firmware: 'v1\u0000' })).toMatchObject({ ok: false, issues: [{ path: 'firmware' }] });
    expect(DeviceEventPayloadV1.parse({ id: 'm2', ts, type: 'motion', state: 'start', attributes: { zone: ['a', 'b\u0000'] } })).toMatchObject({
      ok: false,
      issues: [{ path: 'attributes.zone.1' }],
    });
    expect(deepTextIssue({ ['k\u0000']: 1 })?.message).toContain('key');
    expect(DeviceStatusPayloadV1.parse({ id: 'm3', ts, vendorNote: 'xin chào\nthế giới' }).ok).toBe(true);
  });
});

describe('ids and numbers at the edges', () => {
  it('checks a user id is a UUID before it reaches SQL', () => {
    const request = REGISTRY_OPERATIONS['users.update'].request;
    const actor = { userId: 'u', username: 'admin', role: 'admin', scope: { all: true } };
    expect(fieldsOf(request.safeParse({ actor, id: 'not-a-uuid', patch: {} }))).toEqual(['id']);
    expect(request.safeParse({ actor, id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', patch: {} }).success).toBe(true);
    expect(uuid().safeParse('7c9e6679-7425-40de-944b-e07fc1f90ae7\u0000').success).toBe(false);
  });

  it('keeps a bigint cursor inside the column: the largest bigint passes, one more and 20 nines do not', () => {
    expect(bigintId().safeParse('9223372036854775807').success).toBe(true);
    expect(bigintId().safeParse('9223372036854775808').success).toBe(false);
    expect(bigintId().safeParse('99999999999999999999999').success).toBe(false);
    expect(bigintId().safeParse('0').success).toBe(false);
    expect(bigintId().safeParse('007').success).toBe(false);
    expect(bigintId().safeParse('1').success).toBe(true);
    expect(bigintId().safeParse('=HYPERLINK("x")').success).toBe(false);
    expect(bigintId().safeParse('').success).toBe(false);
  });

  it('keeps an incident version inside an integer column', () => {
    expect(int4().safeParse(MAX_INT4).success).toBe(true);
    expect(int4().safeParse(MAX_INT4 + 1).success).toBe(false);
    expect(new Set(fieldsOf(AcknowledgeInput.safeParse({ version: 1e300 })))).toEqual(new Set(['version']));
  });

  it('bounds the paging offset of list operations', () => {
    const actor = { userId: 'u', username: 'admin', role: 'admin', scope: { all: true } };
    expect(REGISTRY_OPERATIONS['devices.list'].request.safeParse({ actor, offset: 1_000_000 }).success).toBe(true);
    expect(fieldsOf(REGISTRY_OPERATIONS['devices.list'].request.safeParse({ actor, offset: 1_000_001 }))).toEqual(['offset']);
  });

  it('refuses NUL in a user’s new password and display name', () => {
    expect(fieldsOf(UserPatch.safeParse({ password: 'abcdefghij\u0000', displayName: 'A\u0000' })).sort()).toEqual(['displayName', 'password']);
  });
});

describe('the province’s extent', () => {
  const { west, south, east, north } = DEFAULT_PROVINCE_EXTENT;
  const m = DEFAULT_PROVINCE_MARGIN_DEG;

  it('accepts a position inside, on the extent’s border and on the margin’s border', () => {
    expect(outsideExtent([106.6, 17.47], DEFAULT_PROVINCE_EXTENT)).toBeUndefined();
    expect(outsideExtent([west, south], DEFAULT_PROVINCE_EXTENT)).toBeUndefined();
    expect(outsideExtent([east + m, north + m], DEFAULT_PROVINCE_EXTENT, m)).toBeUndefined();
  });

  it('refuses a position just past the margin, and lon and lat swapped', () => {
    expect(outsideExtent([east + m + 0.001, 17], DEFAULT_PROVINCE_EXTENT, m)).toContain('outside the province');
    expect(outsideExtent([17.47, 106.6], DEFAULT_PROVINCE_EXTENT)).toContain('[longitude, latitude]');
  });

  it('names the vertices of a boundary covering the whole world, a few of them', () => {
    const world = { type: 'Polygon' as const, coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]] as [number, number][]] };
    const issues = extentIssues('boundary', world, DEFAULT_PROVINCE_EXTENT);
    expect(issues.map((i) => i.path)).toEqual(['boundary.coordinates.0.0', 'boundary.coordinates.0.1', 'boundary.coordinates.0.2']);
  });

  it('reads an extent setting, and refuses a box that is not one', () => {
    expect(parseGeoExtent('105.6,16.9,107.0,18.1')).toEqual(DEFAULT_PROVINCE_EXTENT);
    expect(parseGeoExtent('107,16.9,105.6,18.1')).toBeUndefined();
    expect(parseGeoExtent('105.6,16.9,107.0')).toBeUndefined();
    expect(parseGeoExtent('a,b,c,d')).toBeUndefined();
  });

  it('bounds the size of a boundary: exactly the limit passes, one more does not', () => {
    const ring = (n: number): [number, number][] => {
      const pts = Array.from({ length: n - 1 }, (_, i): [number, number] => [106 + Math.cos(i) * 0.01, 17.5 + Math.sin(i) * 0.01]);
      return [...pts, pts[0] as [number, number]];
    };
    const area = (n: number) => ({ code: 'A', name: 'A', district: 'D', category: 'market', boundary: { type: 'Polygon', coordinates: [ring(n)] } });
    expect(KeyAreaInput.safeParse(area(MAX_RING_POSITIONS)).success).toBe(true);
    expect(fieldsOf(KeyAreaInput.safeParse(area(MAX_RING_POSITIONS + 1)))).toEqual(['boundary.coordinates.0']);
  });
});
