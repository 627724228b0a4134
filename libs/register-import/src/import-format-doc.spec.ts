import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckpointImport, parseDeviceImport } from './index';

// docs/import-format.md is what technicians copy from: its examples must stay valid.
const doc = readFileSync(join(__dirname, '../../../docs/import-format.md'), 'utf8');
const blocks = [...doc.matchAll(/```(csv|json)\n([\s\S]*?)```/g)].map((m) => m[2] ?? '');

describe('the examples of docs/import-format.md', () => {
  it('has the device CSV, checkpoint CSV, device GeoJSON and report examples', () => {
    expect(blocks).toHaveLength(4);
  });

  it('imports the device CSV example without issues, the PTZ camera getting 360°', () => {
    const result = parseDeviceImport('csv', blocks[0] ?? '');
    expect(result.issues).toEqual([]);
    expect(result.valid.map((r) => [r.line, r.value.kind, r.value.fovDeg])).toEqual([
      [2, 'camera', 90],
      [3, 'camera', 360],
      [4, 'traffic_sensor', undefined],
    ]);
  });

  it('imports the checkpoint CSV example without issues', () => {
    const result = parseCheckpointImport('csv', blocks[1] ?? '');
    expect(result).toMatchObject({ rows: 2, issues: [] });
    expect(result.valid).toHaveLength(2);
  });

  it('imports the device GeoJSON example without issues', () => {
    const result = parseDeviceImport('geojson', blocks[2] ?? '');
    expect(result).toMatchObject({ rows: 1, issues: [] });
    expect(result.valid[0]?.value.externalRefs).toEqual({ frigateCamera: 'cho_ba_don' });
  });
});
