import { DEVICE_COLUMNS, parseCheckpointImport, parseDeviceImport } from './index';

type Row = Record<string, string>;
const DEVICE_HEADER = DEVICE_COLUMNS.map((c) => c.column);
const CHECKPOINT_HEADER = ['area_code', 'id', 'purposes', 'lon', 'lat', 'description'];

function camera(over: Row = {}): Row {
  return {
    id: 'CAM-DH-001',
    serial: 'SN-0001',
    kind: 'camera',
    camera_type: 'fixed',
    name: 'Ngã tư Trần Hưng Đạo',
    vendor: 'Hikvision',
    model: 'DS-2CD2143G2-I',
    purposes: 'traffic;security',
    area_code: 'DH-TT',
    gateway_id: 'GW-DH-TT-01',
    lon: '106.6221',
    lat: '17.4689',
    bearing_deg: '45',
    fov_deg: '90',
    range_m: '80',
    installed_on: '2025-03-15',
    contractor: 'Viettel Quảng Bình',
    heartbeat_timeout_s: '',
    frigate_camera: '',
    onvif_profile: '',
    ...over,
  };
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function toCsv(rows: Row[], columns: string[] = DEVICE_HEADER, eol = '\n'): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join(eol) + eol;
}
const devices = (rows: Row[], columns?: string[]) => parseDeviceImport('csv', toCsv(rows, columns));
const issuesOf = (rows: Row[], columns?: string[]) => devices(rows, columns).issues;

describe('device import from CSV', () => {
  describe('a good file', () => {
    it('reads every column into the REST shape of a device', () => {
      const result = devices([camera({ purposes: 'security|traffic', heartbeat_timeout_s: '120', frigate_camera: 'nga_tu_thd', onvif_profile: 'Profile_1' })]);
      expect(result).toEqual({
        rows: 1,
        issues: [],
        badLines: [],
        fileRejected: false,
        valid: [
          {
            line: 2,
            value: {
              id: 'CAM-DH-001',
              serial: 'SN-0001',
              kind: 'camera',
              cameraType: 'fixed',
              name: 'Ngã tư Trần Hưng Đạo',
              vendor: 'Hikvision',
              model: 'DS-2CD2143G2-I',
              purposes: ['security', 'traffic'],
              areaCode: 'DH-TT',
              gatewayId: 'GW-DH-TT-01',
              location: { type: 'Point', coordinates: [106.6221, 17.4689] },
              bearingDeg: 45,
              fovDeg: 90,
              rangeM: 80,
              installedOn: '2025-03-15',
              contractor: 'Viettel Quảng Bình',
              heartbeatTimeoutS: 120,
              externalRefs: { frigateCamera: 'nga_tu_thd', onvifProfile: 'Profile_1' },
            },
          },
        ],
      });
    });

    it('treats empty cells as not given, so optional fields take their defaults', () => {
      const [row] = devices([camera()]).valid;
      expect(row?.value.heartbeatTimeoutS).toBe(90);
      expect(row?.value.externalRefs).toEqual({});
    });

    it('accepts a file without the optional columns', () => {
      const columns = DEVICE_HEADER.filter((c) => !['heartbeat_timeout_s', 'frigate_camera', 'onvif_profile'].includes(c));
      expect(devices([camera()], columns).valid).toHaveLength(1);
    });

    it('gives a PTZ camera without fov_deg a 360° field of view', () => {
      const [row] = devices([camera({ camera_type: 'ptz', fov_deg: '', bearing_deg: '' })]).valid;
      expect(row?.value).toMatchObject({ cameraType: 'ptz', fovDeg: 360, bearingDeg: 0 });
    });

    it('reads a traffic sensor without camera fields', () => {
      const sensor = camera({ id: 'TS-01', kind: 'traffic_sensor', camera_type: '', bearing_deg: '', fov_deg: '', range_m: '', purposes: 'traffic' });
      const value = devices([sensor]).valid[0]?.value;
      expect(value).toMatchObject({ kind: 'traffic_sensor', purposes: ['traffic'] });
      expect(value?.cameraType).toBeUndefined();
      expect(value?.rangeM).toBeUndefined();
    });

    it('reads enum values and purposes in any case', () => {
      const [row] = devices([camera({ kind: 'Camera', camera_type: 'PTZ', purposes: 'Traffic; SECURITY' })]).valid;
      expect(row?.value).toMatchObject({ kind: 'camera', cameraType: 'ptz', purposes: ['security', 'traffic'] });
    });

    it('trims spaces around cells, identifiers and dates included', () => {
      const [row] = devices([camera({ id: ' CAM-1 ', installed_on: ' 2025-03-15', lon: ' 106.5 ', name: '  Chợ Ba Đồn ' })]).valid;
      expect(row?.value).toMatchObject({ id: 'CAM-1', installedOn: '2025-03-15', name: 'Chợ Ba Đồn', location: { coordinates: [106.5, 17.4689] } });
    });

    it('reads negative numbers in numeric columns as numbers, not formulas', () => {
      const [row] = devices([camera({ lon: '-1.5', lat: '-10.25' })]).valid;
      expect(row?.value.location.coordinates).toEqual([-1.5, -10.25]);
    });
  });

  describe('encoding', () => {
    it('gives the same result with and without a UTF-8 BOM, as bytes or as a string', () => {
      const text = toCsv([camera(), camera({ id: 'CAM-DH-002', serial: 'SN-0002', name: 'Chợ Ba Đồn' })]);
      const plain = parseDeviceImport('csv', text);
      const bytes = new TextEncoder().encode(text);
      expect(plain.valid).toHaveLength(2);
      expect(parseDeviceImport('csv', `\uFEFF${text}`)).toEqual(plain);
      expect(parseDeviceImport('csv', bytes)).toEqual(plain);
      expect(parseDeviceImport('csv', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual(plain);
    });

    it('keeps Vietnamese names with their diacritics exactly', () => {
      const names = ['Ngã tư Trần Hưng Đạo', 'Chợ Ba Đồn', 'Cầu Nhật Lệ 2 – phía Đông', 'Trường THPT Đào Duy Từ', 'Quảng Trường Hồ Chí Minh'];
      const rows = names.map((name, i) => camera({ id: `CAM-${i}`, serial: `SN-${i}`, name, contractor: 'Công ty Cổ phần Điện tử Đồng Hới' }));
      const result = parseDeviceImport('csv', new TextEncoder().encode(toCsv(rows)));
      expect(result.valid.map((r) => r.value.name)).toEqual(names);
      expect(result.valid[0]?.value.contractor).toBe('Công ty Cổ phần Điện tử Đồng Hới');
    });

    it('normalises names typed in decomposed form (NFD) so they equal the composed form', () => {
      const decomposed = 'Ngã tư Trần Hưng Đạo'.normalize('NFD');
      expect(decomposed).not.toBe('Ngã tư Trần Hưng Đạo');
      const [row] = devices([camera({ name: decomposed })]).valid;
      expect(row?.value.name).toBe('Ngã tư Trần Hưng Đạo');
    });

    it('refuses bytes that are not UTF-8 with one issue on line 0 telling how to save as UTF-8', () => {
      // "Chợ" in Windows-1258 / a legacy Vietnamese code page: not valid UTF-8.
      const latin = new Uint8Array([...new TextEncoder().encode(`${DEVICE_HEADER.join(',')}\nCAM-1,SN-1,camera,fixed,Ch`), 0xf5, 0x0a]);
      const result = parseDeviceImport('csv', latin);
      expect(result).toEqual({ rows: 0, valid: [], badLines: [], fileRejected: true, issues: [{ line: 0, field: '', reason: expect.stringContaining('UTF-8') }] });
      expect(result.issues[0]?.reason).toMatch(/CSV UTF-8/);
    });
  });

  describe('a 1,000-row file with three bad rows', () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      camera({ id: `CAM-${String(i).padStart(4, '0')}`, serial: `SN-${i}`, name: `Camera ${i}, Đồng Hới`, lon: (106.5 + i / 10000).toFixed(4) }),
    );
    // Data row i is on file line i + 2 (the header is line 1).
    rows[99] = { ...rows[99], name: '=HYPERLINK("http://evil.example/x","Bấm vào đây")' };
    rows[499] = { ...rows[499], lat: '95' };
    rows[899] = { ...rows[899], purposes: 'traffic;parking' };
    const result = devices(rows);

    it('reports exactly those three lines', () => {
      expect(result.rows).toBe(1000);
      expect(result.valid).toHaveLength(997);
      expect(result.badLines).toEqual([101, 501, 901]);
    });

    it('names the right column and reason for each', () => {
      expect(result.issues).toEqual([
        { line: 101, field: 'name', reason: 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)' },
        { line: 501, field: 'lat', reason: 'latitude must be ≤ 90' },
        { line: 901, field: 'purposes', reason: 'must be one of traffic, security (got "parking")' },
      ]);
    });
  });

  describe('line numbers', () => {
    it('counts a quoted multi-line cell so that later rows keep their physical line', () => {
      const rows = [
        camera({ id: 'CAM-1', serial: 'SN-1', name: 'Cổng chính,\nphía Bắc\nsát cột điện' }),
        camera({ id: 'CAM-2', serial: 'SN-2', name: 'Bãi đỗ, "khu B"' }),
        camera({ id: 'CAM-3', serial: 'SN-3', lat: '95' }),
      ];
      const result = devices(rows);
      expect(result.valid.map((r) => [r.line, r.value.name])).toEqual([
        [2, 'Cổng chính,\nphía Bắc\nsát cột điện'],
        [5, 'Bãi đỗ, "khu B"'],
      ]);
      expect(result.badLines).toEqual([6]);
    });

    it('numbers CRLF files like LF files', () => {
      const rows = [camera({ name: 'a\r\nb' }), camera({ id: 'CAM-2', serial: 'SN-2', lat: 'x' })];
      expect(parseDeviceImport('csv', toCsv(rows, DEVICE_HEADER, '\r\n')).badLines).toEqual([4]);
    });

    it('skips blank lines without counting them as rows', () => {
      const text = toCsv([camera()]) + '\n\n' + toCsv([camera({ id: 'CAM-2', serial: 'SN-2', lat: '95' })]).split('\n')[1] + '\n';
      const result = parseDeviceImport('csv', text);
      expect(result.rows).toBe(2);
      expect(result.badLines).toEqual([5]);
    });
  });

  describe('header', () => {
    it.each([
      ['camelCase', (c: string) => c.replace(/_([a-z])/g, (_m, x: string) => x.toUpperCase())],
      ['UPPER_CASE', (c: string) => c.toUpperCase()],
      ['words with spaces', (c: string) => c.replace(/_/g, ' ')],
      ['padded', (c: string) => ` ${c} `],
    ])('matches %s column names', (_variant, rename) => {
      const text = toCsv([camera()]).replace(/^[^\n]*/, DEVICE_HEADER.map(rename).join(','));
      const result = parseDeviceImport('csv', text);
      expect(result.issues).toEqual([]);
      expect(result.valid[0]?.value).toEqual(devices([camera()]).valid[0]?.value);
    });

    it('accepts the columns in any order', () => {
      const reversed = [...DEVICE_HEADER].reverse();
      expect(devices([camera()], reversed).valid[0]?.value).toEqual(devices([camera()]).valid[0]?.value);
    });

    it('names the column as written in the file when a row is bad', () => {
      const header = DEVICE_HEADER.map((c) => (c === 'bearing_deg' ? 'BearingDeg' : c));
      const text = toCsv([camera({ bearing_deg: '400' })]).replace(/^[^\n]*/, header.join(','));
      expect(parseDeviceImport('csv', text).issues).toEqual([{ line: 2, field: 'BearingDeg', reason: 'must be < 360' }]);
    });

    it('refuses the file when a required column is missing, reporting it on line 1', () => {
      const result = devices([camera(), camera({ id: 'CAM-2' })], DEVICE_HEADER.filter((c) => c !== 'serial' && c !== 'lat'));
      expect(result).toEqual({
        rows: 2,
        valid: [],
        badLines: [],
        fileRejected: true,
        issues: [
          { line: 1, field: 'serial', reason: 'required column "serial" is missing from the header' },
          { line: 1, field: 'lat', reason: 'required column "lat" is missing from the header' },
        ],
      });
    });

    it('refuses the file when a column is unknown, naming it as written', () => {
      const result = devices([camera()], [...DEVICE_HEADER, 'Colour']);
      expect(result.fileRejected).toBe(true);
      expect(result.valid).toEqual([]);
      expect(result.issues).toEqual([{ line: 1, field: 'Colour', reason: expect.stringMatching(/^unknown column "Colour"; the known columns are: id, serial, kind/) }]);
    });

    it('refuses a column given twice', () => {
      const result = devices([camera()], [...DEVICE_HEADER, 'areaCode']);
      expect(result.issues).toEqual([{ line: 1, field: 'areaCode', reason: 'column "area_code" appears twice in the header (columns 9 and 21)' }]);
    });

    it('refuses a column without a name', () => {
      const result = parseDeviceImport('csv', toCsv([camera()]).replace(/\n/g, ',\n'));
      expect(result.issues).toEqual([{ line: 1, field: '', reason: expect.stringMatching(/^column 21 has no name/) }]);
    });

    it('explains a file separated by semicolons', () => {
      const text = toCsv([camera()]).replace(/,/g, ';');
      const result = parseDeviceImport('csv', text);
      expect(result.issues).toEqual([{ line: 1, field: '', reason: expect.stringMatching(/separated by ";" instead of ","/) }]);
    });

    it('refuses an empty file', () => {
      expect(parseDeviceImport('csv', '\uFEFF\r\n')).toMatchObject({ rows: 0, fileRejected: true, issues: [{ line: 0, field: '', reason: expect.stringMatching(/empty/) }] });
    });

    it('accepts a header without rows as an empty import', () => {
      expect(parseDeviceImport('csv', `${DEVICE_HEADER.join(',')}\r\n`)).toEqual({ rows: 0, valid: [], issues: [], badLines: [], fileRejected: false });
    });
  });

  describe('malformed rows', () => {
    it('reports a row with the wrong number of cells on its line and reads the others', () => {
      const good = toCsv([camera()]);
      const text = `${good}CAM-2,SN-2,camera,fixed,Ngã tư, phía Bắc,Hikvision\n${toCsv([camera({ id: 'CAM-3', serial: 'SN-3' })]).split('\n')[1]}\n`;
      const result = parseDeviceImport('csv', text);
      expect(result.rows).toBe(3);
      expect(result.valid.map((r) => r.line)).toEqual([2, 4]);
      expect(result.issues).toEqual([{ line: 3, field: '', reason: expect.stringMatching(/^has 7 cells but the header has 20 columns/) }]);
    });

    it('reports an unclosed quote on the line where the row starts', () => {
      const text = `${toCsv([camera()])}CAM-2,"SN-2,camera\n`;
      const result = parseDeviceImport('csv', text);
      expect(result.issues).toEqual([{ line: 3, field: '', reason: expect.stringMatching(/never closed/) }]);
    });
  });

  describe('values', () => {
    it.each([
      ['1,5', 'lon must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "1,5"'],
      ['abc', 'lon must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "abc"'],
      ['Infinity', 'lon must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "Infinity"'],
    ])('refuses the number %p naming the column', (lon, reason) => {
      expect(issuesOf([camera({ lon })])).toEqual([{ line: 2, field: 'lon', reason }]);
    });

    it('names range_m, fov_deg and heartbeat_timeout_s in their number reasons', () => {
      const issues = issuesOf([camera({ range_m: '80m', fov_deg: '90°', heartbeat_timeout_s: '1 000' })]);
      expect(issues.map((i) => [i.field, i.reason.split(' ')[0]])).toEqual([
        ['fov_deg', 'fov_deg'],
        ['range_m', 'range_m'],
        ['heartbeat_timeout_s', 'heartbeat_timeout_s'],
      ]);
    });

    it.each(['name', 'vendor', 'model', 'contractor', 'serial', 'frigate_camera', 'onvif_profile'])(
      'refuses a spreadsheet formula in the text column %s',
      (column) => {
        for (const formula of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1']) {
          expect(issuesOf([camera({ [column]: formula })])).toEqual([
            { line: 2, field: column, reason: 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)' },
          ]);
        }
      },
    );

    it('reports a camera without range on range_m, whether the cell is empty or the column absent', () => {
      const reason = 'a camera needs its range in metres';
      expect(issuesOf([camera({ range_m: '' })])).toEqual([{ line: 2, field: 'range_m', reason }]);
      expect(issuesOf([camera()], DEVICE_HEADER.filter((c) => c !== 'range_m'))).toEqual([{ line: 2, field: 'range_m', reason }]);
    });

    it('reports the camera rules: a type, a field of view and a bearing', () => {
      expect(issuesOf([camera({ camera_type: '' })])).toEqual([{ line: 2, field: 'camera_type', reason: 'a camera needs a type: fixed, ptz, dome, bullet, anpr' }]);
      expect(issuesOf([camera({ fov_deg: '' })])).toEqual([
        { line: 2, field: 'fov_deg', reason: 'a fixed, bullet or ANPR camera needs its field of view in degrees' },
      ]);
      expect(issuesOf([camera({ bearing_deg: '' })])).toEqual([{ line: 2, field: 'bearing_deg', reason: 'a camera with a field of view under 360° needs its bearing' }]);
      expect(issuesOf([camera({ kind: 'traffic_sensor', purposes: 'traffic' })])).toEqual([
        { line: 2, field: 'camera_type', reason: 'a traffic sensor has no camera type' },
      ]);
    });

    it('reports every issue of a row, the camera rules included, in column order', () => {
      const issues = issuesOf([camera({ serial: '', name: '=cmd()', purposes: 'traffic;parking', lat: '1,5', range_m: '', installed_on: '15/03/2025' })]);
      expect(issues).toEqual([
        { line: 2, field: 'serial', reason: 'is required' },
        { line: 2, field: 'name', reason: 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)' },
        { line: 2, field: 'purposes', reason: 'must be one of traffic, security (got "parking")' },
        { line: 2, field: 'lat', reason: expect.stringMatching(/^lat must be a plain decimal number/) },
        { line: 2, field: 'range_m', reason: 'a camera needs its range in metres' },
        { line: 2, field: 'installed_on', reason: 'must be a date as YYYY-MM-DD' },
      ]);
    });

    it('does not add camera rules that depend on a bad value', () => {
      expect(issuesOf([camera({ camera_type: 'panorama', fov_deg: '', bearing_deg: '' })])).toEqual([
        { line: 2, field: 'camera_type', reason: 'must be one of fixed, ptz, dome, bullet, anpr (got "panorama")' },
      ]);
      expect(issuesOf([camera({ kind: 'drone', camera_type: '', range_m: '' })])).toEqual([
        { line: 2, field: 'kind', reason: 'must be one of camera, traffic_sensor (got "drone")' },
      ]);
    });

    it('reports required cells left empty and identifiers that cannot be used', () => {
      expect(issuesOf([camera({ id: 'CAM 1/a', purposes: '', gateway_id: '' })])).toEqual([
        { line: 2, field: 'id', reason: 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-", not starting with "-"' },
        { line: 2, field: 'purposes', reason: 'is required' },
        { line: 2, field: 'gateway_id', reason: 'is required' },
      ]);
    });

    it('reports out-of-range numbers with the contract reason', () => {
      expect(issuesOf([camera({ lon: '181', heartbeat_timeout_s: '2.5' })])).toEqual([
        { line: 2, field: 'lon', reason: 'longitude must be ≤ 180' },
        { line: 2, field: 'heartbeat_timeout_s', reason: 'must be a whole number of seconds' },
      ]);
    });
  });

  describe('duplicates within one file', () => {
    it('reports a repeated id or serial on the later row, naming the earlier line', () => {
      const result = devices([
        camera({ id: 'CAM-1', serial: 'SN-1' }),
        camera({ id: 'CAM-2', serial: 'SN-2' }),
        camera({ id: 'CAM-1', serial: 'SN-3' }),
        camera({ id: 'CAM-4', serial: 'SN-2' }),
      ]);
      expect(result.valid.map((r) => r.line)).toEqual([2, 3]);
      expect(result.issues).toEqual([
        { line: 4, field: 'id', reason: 'the same id "CAM-1" is already on line 2' },
        { line: 5, field: 'serial', reason: 'the same serial "SN-2" is already on line 3' },
      ]);
    });

    it('names the first occurrence for every repeat', () => {
      const result = devices([camera({ serial: 'A' }), camera({ serial: 'B' }), camera({ serial: 'C' })]);
      expect(result.issues.map((i) => i.reason)).toEqual(['the same id "CAM-DH-001" is already on line 2', 'the same id "CAM-DH-001" is already on line 2']);
    });
  });

  describe('maxRows', () => {
    const rows = Array.from({ length: 6 }, (_, i) => camera({ id: `CAM-${i}`, serial: `SN-${i}` }));

    it('accepts exactly maxRows rows', () => {
      expect(parseDeviceImport('csv', toCsv(rows), { maxRows: 6 }).valid).toHaveLength(6);
    });

    it('refuses more rows with a single file-level issue and nothing valid', () => {
      const result = parseDeviceImport('csv', toCsv([...rows, camera({ lat: '95' })]), { maxRows: 6 });
      expect(result).toEqual({
        rows: 7,
        valid: [],
        badLines: [],
        fileRejected: true,
        issues: [{ line: 0, field: '', reason: 'the file has 7 rows; at most 6 are accepted in one import: split it into several files' }],
      });
    });

    it('allows 20,000 rows by default', () => {
      const big = `${DEVICE_HEADER.join(',')}\n${'x\n'.repeat(20_001)}`;
      expect(parseDeviceImport('csv', big).issues[0]?.reason).toMatch(/at most 20000/);
    });
  });
});

describe('checkpoint import from CSV', () => {
  const checkpoint = (over: Row = {}): Row => ({ area_code: 'DH-TT', id: 'CP-01', purposes: 'traffic', lon: '106.6221', lat: '17.4689', description: 'Ngã tư Trần Hưng Đạo – Quang Trung', ...over });
  const checkpoints = (rows: Row[], columns = CHECKPOINT_HEADER) => parseCheckpointImport('csv', toCsv(rows, columns));

  it('reads checkpoints with the key area they belong to', () => {
    expect(checkpoints([checkpoint(), checkpoint({ id: 'CP-02', purposes: 'security;traffic', description: '' })]).valid).toEqual([
      {
        line: 2,
        value: { areaCode: 'DH-TT', id: 'CP-01', purposes: ['traffic'], location: { type: 'Point', coordinates: [106.6221, 17.4689] }, description: 'Ngã tư Trần Hưng Đạo – Quang Trung' },
      },
      { line: 3, value: { areaCode: 'DH-TT', id: 'CP-02', purposes: ['security', 'traffic'], location: { type: 'Point', coordinates: [106.6221, 17.4689] }, description: '' } },
    ]);
  });

  it('accepts a file without the description column', () => {
    expect(checkpoints([checkpoint()], CHECKPOINT_HEADER.slice(0, 5)).valid[0]?.value.description).toBe('');
  });

  it('refuses device columns in a checkpoint file', () => {
    expect(checkpoints([checkpoint()], [...CHECKPOINT_HEADER, 'range_m']).issues).toEqual([
      { line: 1, field: 'range_m', reason: 'unknown column "range_m"; the known columns are: area_code, id, purposes, lon, lat, description' },
    ]);
  });

  it('refuses a formula in the description', () => {
    expect(checkpoints([checkpoint({ description: '@SUM(1)' })]).issues).toEqual([
      { line: 2, field: 'description', reason: 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)' },
    ]);
  });

  it('reports a repeated (area_code, id) pair, but allows the same id in another area', () => {
    const result = checkpoints([checkpoint(), checkpoint({ area_code: 'BD-CHO' }), checkpoint({ lon: '106.7' })]);
    expect(result.valid.map((r) => r.line)).toEqual([2, 3]);
    expect(result.issues).toEqual([{ line: 4, field: 'id', reason: 'checkpoint "CP-01" of area "DH-TT" is already on line 2' }]);
  });

  it('reports the missing columns of a checkpoint file', () => {
    expect(checkpoints([checkpoint()], ['id', 'lon', 'lat']).issues.map((i) => [i.line, i.field])).toEqual([
      [1, 'area_code'],
      [1, 'purposes'],
    ]);
  });
});
