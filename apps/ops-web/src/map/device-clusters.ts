// Devices clustered at province zoom, and each cluster's colour kept current, without
// Leaflet. The supercluster index depends only on where the devices are, so it is built
// when the device set changes, never for a status change. For the clusters on screen it
// keeps a count of members per level; a member changing level moves one count, and a
// cluster is reported (to recolour it) only when its worst level changed. So 200 status
// changes a second cost 200 map lookups, not 200 index rebuilds.
import Supercluster from 'supercluster';
import { LEVELS, levelRank, worstOfCounts, type DeviceLevel } from './map-style';

export interface ClusterPoint {
  id: string;
  lon: number;
  lat: number;
}

export interface ClusterGroup {
  /** supercluster's cluster id: the same cluster at the same zoom keeps it. */
  key: number;
  lon: number;
  lat: number;
  count: number;
  members: string[];
  /** Members per level, indexed by level rank. */
  counts: Int32Array;
  worst: DeviceLevel;
  /** Members flashing as a live alarm. */
  alarms: number;
}

export interface ClusterFrame {
  groups: Map<number, ClusterGroup>;
  /** Devices shown on their own. */
  singles: ClusterPoint[];
}

export interface ClusterOptions {
  /** Pixels within which devices merge (Leaflet's 256-pixel tiles). */
  radius: number;
  /** The highest zoom that still clusters: above it every device stands alone. */
  maxZoom: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { radius: 44, maxZoom: 15 };

export class DeviceClusters {
  private readonly index: Supercluster<{ i: number }>;
  private readonly points: ClusterPoint[];
  private groupOf = new Map<string, ClusterGroup>();

  constructor(points: readonly ClusterPoint[], options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS) {
    this.points = [...points];
    this.index = new Supercluster<{ i: number }>({ radius: options.radius, extent: 256, maxZoom: options.maxZoom, minPoints: 2 });
    this.index.load(
      this.points.map((p, i) => ({ type: 'Feature' as const, properties: { i }, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] } })),
    );
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * The clusters and single devices within `bbox` ([west, south, east, north]) at `zoom`,
   * with each cluster's members counted by level. Replaces the previous frame.
   */
  frame(bbox: [number, number, number, number], zoom: number, levelOf: (id: string) => DeviceLevel, alarmed: (id: string) => boolean): ClusterFrame {
    const groups = new Map<number, ClusterGroup>();
    const groupOf = new Map<string, ClusterGroup>();
    const singles: ClusterPoint[] = [];
    for (const f of this.index.getClusters(bbox, zoom)) {
      const props = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; i?: number };
      if (!props.cluster) {
        singles.push(this.points[props.i as number]);
        continue;
      }
      const key = props.cluster_id as number;
      const counts = new Int32Array(LEVELS.length);
      const members: string[] = [];
      let alarms = 0;
      for (const leaf of this.index.getLeaves(key, Infinity)) {
        const id = this.points[leaf.properties.i].id;
        members.push(id);
        counts[levelRank(levelOf(id))]++;
        if (alarmed(id)) alarms++;
      }
      const [lon, lat] = f.geometry.coordinates;
      const group: ClusterGroup = { key, lon, lat, count: members.length, members, counts, worst: worstOfCounts(counts), alarms };
      groups.set(key, group);
      for (const id of members) groupOf.set(id, group);
    }
    this.groupOf = groupOf;
    return { groups, singles };
  }

  /** The cluster on screen that holds a device, if any. */
  groupOfDevice(id: string): ClusterGroup | undefined {
    return this.groupOf.get(id);
  }

  /**
   * A device changed level (and/or alarm). Returns its cluster when the cluster's worst
   * level or its alarm (any member flashing) changed, so the caller recolours that one marker.
   */
  change(id: string, from: { level: DeviceLevel; alarm: boolean } | undefined, to: { level: DeviceLevel; alarm: boolean }): ClusterGroup | undefined {
    const group = this.groupOf.get(id);
    if (!group) return undefined;
    const worstBefore = group.worst;
    const alarmBefore = group.alarms > 0;
    if (from) group.counts[levelRank(from.level)]--;
    group.counts[levelRank(to.level)]++;
    if (from?.alarm) group.alarms--;
    if (to.alarm) group.alarms++;
    group.worst = worstOfCounts(group.counts);
    return group.worst !== worstBefore || group.alarms > 0 !== alarmBefore ? group : undefined;
  }

  /** The zoom at which a cluster splits (where clicking it goes). */
  expansionZoom(key: number): number {
    return this.index.getClusterExpansionZoom(key);
  }
}
