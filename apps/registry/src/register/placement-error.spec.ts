import { fileField } from '../imports/register-import.service';
import { placementError } from './register.service';

describe('placement errors of a single registration', () => {
  it('is nothing when the register raised no issue', () => {
    expect(placementError([])).toBeUndefined();
  });

  it('is a conflict when only ids or serials clash', () => {
    const err = placementError([{ index: 0, path: 'serial', message: 'taken', kind: 'conflict' }]);
    expect(err).toMatchObject({ code: 'conflict', issues: [{ path: 'serial', message: 'taken' }] });
  });

  it('is invalid when a field is wrong, even if a serial also clashes, and lists both', () => {
    const err = placementError([
      { index: 0, path: 'serial', message: 'taken', kind: 'conflict' },
      { index: 0, path: 'location', message: 'too far', kind: 'invalid' },
    ]);
    expect(err?.code).toBe('invalid');
    expect(err?.issues.map((i) => i.path)).toEqual(['serial', 'location']);
  });

  it('is forbidden when the area is outside the scope, whatever else is wrong', () => {
    const err = placementError([
      { index: 0, path: 'location', message: 'too far', kind: 'invalid' },
      { index: 0, path: 'areaCode', message: 'outside your scope', kind: 'forbidden' },
    ]);
    expect(err?.code).toBe('forbidden');
  });
});

describe('import report fields', () => {
  it('names CSV columns in snake_case and the coordinates as lon,lat', () => {
    expect(fileField('csv', 'gatewayId')).toBe('gateway_id');
    expect(fileField('csv', 'location')).toBe('lon,lat');
    expect(fileField('csv', 'serial')).toBe('serial');
  });

  it('names GeoJSON properties as they are, and the geometry', () => {
    expect(fileField('geojson', 'gatewayId')).toBe('gatewayId');
    expect(fileField('geojson', 'location')).toBe('geometry');
  });
});
