import { parseCheckpointImport, parseDeviceImport } from './index';

type Props = Record<string, unknown>;
type Feature = { type: string; geometry: unknown; properties: Props | null };

function feature(over: Props = {}, coordinates: unknown[] = [106.6221, 17.4689]): Feature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: {
      id: 'CAM-DH-001',
      serial: 'SN-0001',
      kind: 'camera',
      cameraType: 'fixed',
      name: 'Chợ Ba Đồn',
      vendor: 'Dahua',
      model: 'IPC-HFW2431S',
      purposes: ['traffic', 'security'],
      areaCode: 'BD-CHO',
      gatewayId: 'GW-BD-CHO-01',
      bearingDeg: 180,
      fovDeg: 100,
      rangeM: 60,
      installedOn: '2024-11-02',
      contractor: 'VNPT Quảng Bình',
      ...over,
    },
  };
}
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const devices = (features: unknown[]) => parseDeviceImport('geojson', collection(features));

describe('device import from GeoJSON', () => {
  it('reads Point features into the REST shape, the geometry giving the location', () => {
    const result = devices([feature({ externalRefs: { frigateCamera: 'cho_ba_don', onvifProfile: 'Profile_1' } })]);
    expect(result.issues).toEqual([]);
    expect(result.valid).toEqual([
      {
        line: 1,
        value: {
          id: 'CAM-DH-001',
          serial: 'SN-0001',
          kind: 'camera',
          cameraType: 'fixed',
          name: 'Chợ Ba Đồn',
          vendor: 'Dahua',
          model: 'IPC-HFW2431S',
          purposes: ['security', 'traffic'],
          areaCode: 'BD-CHO',
          gatewayId: 'GW-BD-CHO-01',
          location: { type: 'Point', coordinates: [106.6221, 17.4689] },
          bearingDeg: 180,
          fovDeg: 100,
          rangeM: 60,
          installedOn: '2024-11-02',
          contractor: 'VNPT Quảng Bình',
          heartbeatTimeoutS: 90,
          externalRefs: { frigateCamera: 'cho_ba_don', onvifProfile: 'Profile_1' },
        },
      },
    ]);
  });

  it('accepts flat external refs, snake_case properties and purposes as a ;-string', () => {
    const flat = feature({ frigateCamera: 'cho_ba_don', onvif_profile: 'Profile_2', purposes: 'security;traffic' });
    const props = flat.properties ?? {};
    props['area_code'] = props['areaCode'];
    delete props['areaCode'];
    const [row] = devices([flat]).valid;
    expect(row?.value).toMatchObject({ areaCode: 'BD-CHO', purposes: ['security', 'traffic'], externalRefs: { frigateCamera: 'cho_ba_don', onvifProfile: 'Profile_2' } });
  });

  it('ignores an altitude in the coordinates', () => {
    expect(devices([feature({}, [106.6, 17.4, 12.5])]).valid[0]?.value.location.coordinates).toEqual([106.6, 17.4]);
  });

  it('gives a dome camera without fovDeg a 360° field of view, and takes null as not given', () => {
    const [row] = devices([feature({ cameraType: 'dome', fovDeg: null, bearingDeg: null })]).valid;
    expect(row?.value).toMatchObject({ fovDeg: 360, bearingDeg: 0 });
  });

  it('keeps Vietnamese text exactly, NFC-normalised, from bytes with a BOM', () => {
    const text = collection([feature({ name: 'Ngã tư Trần Hưng Đạo'.normalize('NFD') })]);
    const result = parseDeviceImport('geojson', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
    expect(result.valid[0]?.value.name).toBe('Ngã tư Trần Hưng Đạo');
  });

  it('numbers features from 1 and reports each issue by property name', () => {
    const result = devices([
      feature({ id: 'CAM-1', serial: 'SN-1' }),
      feature({ id: 'CAM-2', serial: 'SN-2', name: '=HYPERLINK("x")', bearing_deg: 360 }),
      feature({ id: 'CAM-3', serial: 'SN-3' }, [106.6, 95]),
    ]);
    expect(result.badLines).toEqual([2, 3]);
    expect(result.issues).toEqual([
      { line: 2, field: 'name', reason: 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)' },
      { line: 2, field: 'bearing_deg', reason: 'is given twice (also as "bearingDeg")' },
      { line: 3, field: 'lat', reason: 'latitude must be ≤ 90' },
    ]);
  });

  it('reports values of the wrong JSON type', () => {
    expect(devices([feature({ rangeM: '1,5', fovDeg: true, purposes: [1], name: { vi: 'Chợ' } })]).issues).toEqual([
      { line: 1, field: 'name', reason: 'must be text' },
      { line: 1, field: 'purposes', reason: 'must be one of traffic, security (got "1")' },
      { line: 1, field: 'fovDeg', reason: 'must be a number' },
      { line: 1, field: 'rangeM', reason: 'rangeM must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "1,5"' },
    ]);
  });

  it('reads numbers given as plain decimal strings and identifiers given as numbers', () => {
    const [row] = devices([feature({ serial: 123456, rangeM: '75.5' })]).valid;
    expect(row?.value).toMatchObject({ serial: '123456', rangeM: 75.5 });
  });

  it('reports a missing required property by its camelCase name', () => {
    const f = feature({ rangeM: undefined });
    delete f.properties?.['contractor'];
    expect(devices([f]).issues).toEqual([
      { line: 1, field: 'rangeM', reason: 'a camera needs its range in metres' },
      { line: 1, field: 'contractor', reason: 'is required' },
    ]);
  });

  it('reports unknown properties, also inside externalRefs', () => {
    expect(devices([feature({ colour: 'red', externalRefs: { rtsp: 'rtsp://x' } })]).issues).toEqual([
      { line: 1, field: 'colour', reason: expect.stringMatching(/^unknown property; the known properties are: id, serial, kind, cameraType/) },
      { line: 1, field: 'externalRefs.rtsp', reason: 'unknown property; externalRefs may hold: frigateCamera, onvifProfile' },
    ]);
  });

  it('reports a missing or non-Point geometry once, on geometry', () => {
    const line = { ...feature({ id: 'CAM-1', serial: 'SN-1' }), geometry: { type: 'LineString', coordinates: [[106, 17], [106.1, 17.1]] } };
    const none = { ...feature({ id: 'CAM-2', serial: 'SN-2' }), geometry: null };
    const short = { ...feature({ id: 'CAM-3', serial: 'SN-3' }), geometry: { type: 'Point', coordinates: [106] } };
    expect(devices([line, none, short]).issues).toEqual([
      { line: 1, field: 'geometry', reason: 'must be a Point with coordinates [lon, lat], not a LineString' },
      { line: 2, field: 'geometry', reason: 'is required: a Point with coordinates [lon, lat]' },
      { line: 3, field: 'geometry', reason: 'must have coordinates [lon, lat]' },
    ]);
  });

  it('reports an element of features that is not a Feature', () => {
    expect(devices([feature(), { type: 'Point', coordinates: [1, 2] }, 'x']).issues).toEqual([
      { line: 2, field: '', reason: expect.stringMatching(/^must be a GeoJSON Feature .* not a Point$/) },
      { line: 3, field: '', reason: expect.stringMatching(/not string$/) },
    ]);
  });

  it('reports repeated ids by feature number', () => {
    expect(devices([feature(), feature({ serial: 'SN-2' })]).issues).toEqual([{ line: 2, field: 'id', reason: 'the same id "CAM-DH-001" is already on feature 1' }]);
  });

  describe('file-level errors', () => {
    it.each([
      ['bad JSON', '{"type": "FeatureCollection", "features": [', /^the file is not valid JSON/],
      ['a CSV file', 'id,serial\nCAM-1,SN-1\n', /^the file is not valid JSON/],
      ['a Feature alone', JSON.stringify(feature()), /not a Feature: wrap the feature in/],
      ['a list', '[]', /must be a GeoJSON FeatureCollection, not a list/],
      ['features that are not a list', '{"type": "FeatureCollection", "features": {}}', /"features" must be a list/],
    ])('refuses %s with one issue on line 0', (_what, text, reason) => {
      expect(parseDeviceImport('geojson', text)).toEqual({ rows: 0, valid: [], badLines: [], fileRejected: true, issues: [{ line: 0, field: '', reason: expect.stringMatching(reason) }] });
    });

    it('refuses more features than maxRows', () => {
      const result = parseDeviceImport('geojson', collection([feature(), feature(), feature()]), { maxRows: 2 });
      expect(result).toMatchObject({ rows: 3, valid: [], fileRejected: true, issues: [{ line: 0, reason: expect.stringMatching(/3 rows; at most 2/) }] });
    });

    it('accepts an empty FeatureCollection', () => {
      expect(devices([])).toEqual({ rows: 0, valid: [], issues: [], badLines: [], fileRejected: false });
    });
  });
});

describe('checkpoint import from GeoJSON', () => {
  const checkpoint = (props: Props, coordinates = [106.62, 17.47]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: props });

  it('reads checkpoints with their key area', () => {
    const result = parseCheckpointImport('geojson', collection([checkpoint({ areaCode: 'DH-TT', id: 'CP-1', purposes: ['security'], description: 'Cổng trường' }), checkpoint({ area_code: 'DH-TT', id: 'CP-2', purposes: 'traffic' })]));
    expect(result.valid).toEqual([
      { line: 1, value: { areaCode: 'DH-TT', id: 'CP-1', purposes: ['security'], location: { type: 'Point', coordinates: [106.62, 17.47] }, description: 'Cổng trường' } },
      { line: 2, value: { areaCode: 'DH-TT', id: 'CP-2', purposes: ['traffic'], location: { type: 'Point', coordinates: [106.62, 17.47] }, description: '' } },
    ]);
  });

  it('refuses device properties and external refs on a checkpoint', () => {
    const result = parseCheckpointImport('geojson', collection([checkpoint({ areaCode: 'DH-TT', id: 'CP-1', purposes: 'traffic', externalRefs: {} })]));
    expect(result.issues).toEqual([{ line: 1, field: 'externalRefs', reason: 'unknown property; the known properties are: areaCode, id, purposes, description' }]);
  });

  it('reports a repeated (areaCode, id) pair and a missing areaCode', () => {
    const result = parseCheckpointImport(
      'geojson',
      collection([checkpoint({ areaCode: 'DH-TT', id: 'CP-1', purposes: 'traffic' }), checkpoint({ areaCode: 'DH-TT', id: 'CP-1', purposes: 'traffic' }), checkpoint({ id: 'CP-3', purposes: 'traffic' })]),
    );
    expect(result.issues).toEqual([
      { line: 2, field: 'id', reason: 'checkpoint "CP-1" of area "DH-TT" is already on feature 1' },
      { line: 3, field: 'areaCode', reason: 'is required' },
    ]);
  });

  it('accepts properties: null as no properties', () => {
    const result = parseCheckpointImport('geojson', collection([{ type: 'Feature', geometry: { type: 'Point', coordinates: [106, 17] }, properties: null }]));
    expect(result.issues.map((i) => i.field)).toEqual(['areaCode', 'id', 'purposes']);
  });
});
