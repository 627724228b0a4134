import type { AreaCoverageDetailDto, Checkpoint } from '@ioc/contracts';
import { checkpointViews, coveringDeviceIds, isSeen } from './checkpoints';

const detail = {
  areaCode: 'DH-SB',
  checkpointCoverage: [
    { areaCode: 'DH-SB', checkpointId: 'DH-SB-CP-10', purposes: ['security', 'traffic'], location: [106.59, 17.51], byPurpose: [
      { purpose: 'security', installed: ['CAM-2'], operational: [] },
      { purpose: 'traffic', installed: ['CAM-1'], operational: ['CAM-1'] },
    ] },
    { areaCode: 'DH-SB', checkpointId: 'DH-SB-CP-02', purposes: ['security'], location: [106.58, 17.52], byPurpose: [{ purpose: 'security', installed: [], operational: [] }] },
    { areaCode: 'DH-SB', checkpointId: 'DH-SB-CP-01', purposes: ['traffic'], location: [106.57, 17.53], byPurpose: [{ purpose: 'traffic', installed: ['CAM-1', 'CAM-NB-9'], operational: ['CAM-NB-9'] }] },
  ],
} as unknown as AreaCoverageDetailDto;
const registered = [{ id: 'DH-SB-CP-02', description: 'Cổng nhà ga' }] as Checkpoint[];

describe('checkpoints of an area', () => {
  const views = checkpointViews(detail, registered);

  it('lists checkpoints by id (numerically) with their description', () => {
    expect(views.map((v) => v.id)).toEqual(['DH-SB-CP-01', 'DH-SB-CP-02', 'DH-SB-CP-10']);
    expect(views[1].description).toBe('Cổng nhà ga');
  });

  it('calls a checkpoint covered only when every purpose it has is seen', () => {
    const cp10 = views[2];
    expect(cp10.purposes).toEqual(['traffic', 'security']);
    expect(cp10.coveredInstalled).toBe(true);
    expect(cp10.coveredOperational).toBe(false);
    expect(views[1].coveredInstalled).toBe(false);
  });

  it('tells seen from blind per purpose and mode', () => {
    const [traffic, security] = views[2].sights;
    expect(isSeen(traffic, 'operational')).toBe(true);
    expect(isSeen(security, 'installed')).toBe(true);
    expect(isSeen(security, 'operational')).toBe(false);
  });

  it('names every covering device, those of a neighbouring area included', () => {
    expect(coveringDeviceIds(views)).toEqual(['CAM-1', 'CAM-2', 'CAM-NB-9']);
  });
});
