// One key area on the map, for the planner: its boundary; each checkpoint with one symbol
// per purpose (triangle: traffic, circle: security), filled green when seen and hollow
// red with a cross when blind, by installed or by operational coverage as the page
// switches; the field of view of every camera that counts (sectors from map/geo.ts,
// solid blue when the camera counts in the shown mode, dashed grey when it does not);
// and the proposed cameras of a placement plan as dashed purple sectors with their rank.
// The legend under the map says the same in words.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import type { Device, DeviceStatus, KeyArea, PlacementPlanDto } from '@ioc/contracts';
import { useServices } from '../app/services';
import { createBaseMap } from '../map/base-map';
import { boundsOf, sectorRing, type LonLat } from '../map/geo';
import { isSeen, type CheckpointView, type CoverageMode } from './checkpoints';
import { tooltip } from './CoverageMap';
import { suggestionId } from './work-order';

export const SEEN = { fill: '#1b7a3a', stroke: '#0f4d24' };
export const BLIND = { fill: '#ffffff', stroke: '#b3261e' };
export const SECTOR_ON = '#0b4f8a';
export const SECTOR_OFF = '#5b6676';
export const PROPOSED = '#7b1fa2';

/** The SVG symbol of one purpose of a checkpoint, seen or blind (also drawn in the legend). */
export function purposeSymbol(purpose: 'traffic' | 'security', seen: boolean, size = 18): string {
  const c = seen ? SEEN : BLIND;
  const width = seen ? 1.5 : 2.5;
  const shape =
    purpose === 'traffic'
      ? `<path d="M9 1.8 L16.6 16 L1.4 16 Z" fill="${c.fill}" stroke="${c.stroke}" stroke-width="${width}" stroke-linejoin="round"/>`
      : `<circle cx="9" cy="9" r="7.2" fill="${c.fill}" stroke="${c.stroke}" stroke-width="${width}"/>`;
  const cy = purpose === 'traffic' ? 11 : 9;
  const cross = seen ? '' : `<path d="M6.6 ${cy - 2.4} L11.4 ${cy + 2.4} M11.4 ${cy - 2.4} L6.6 ${cy + 2.4}" stroke="${c.stroke}" stroke-width="2" stroke-linecap="round"/>`;
  return `<svg width="${size}" height="${size}" viewBox="0 0 18 18" aria-hidden="true" focusable="false">${shape}${cross}</svg>`;
}

export interface AreaMapLabels {
  map: string;
  checkpoint(view: CheckpointView, mode: CoverageMode): string;
  device(device: Device, status: DeviceStatus, counts: boolean): string;
  proposal(rank: number, s: PlacementPlanDto['suggestions'][number]): string;
}

export interface AreaMapProps {
  area: KeyArea | undefined;
  views: readonly CheckpointView[];
  devices: readonly Device[];
  statuses: ReadonlyMap<string, DeviceStatus>;
  mode: CoverageMode;
  plan: PlacementPlanDto | undefined;
  labels: AreaMapLabels;
}

const latLng = ([lon, lat]: LonLat): L.LatLngTuple => [lat, lon];

/** Whether a device's sector counts in a mode: installed (not decommissioned), or online too. */
export function sectorCounts(status: DeviceStatus, mode: CoverageMode): boolean {
  if (status === 'decommissioned') return false;
  return mode === 'installed' || status === 'online';
}

export function AreaMap({ area, views, devices, statuses, mode, plan, labels }: AreaMapProps) {
  const { config } = useServices();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const groups = useRef<{ boundary: L.LayerGroup; sectors: L.LayerGroup; proposals: L.LayerGroup; checkpoints: L.LayerGroup } | null>(null);
  const fitted = useRef<string | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = createBaseMap(container.current, config);
    // Sectors under the checkpoints, proposals above the existing sectors.
    const g = { boundary: L.layerGroup().addTo(map), sectors: L.layerGroup().addTo(map), proposals: L.layerGroup().addTo(map), checkpoints: L.layerGroup().addTo(map) };
    mapRef.current = map;
    groups.current = g;
    return () => {
      map.remove();
      mapRef.current = null;
      groups.current = null;
      fitted.current = null;
    };
  }, [config]);

  // The boundary, and the first view of the area.
  useEffect(() => {
    const map = mapRef.current;
    const g = groups.current;
    if (!map || !g || !area) return;
    g.boundary.clearLayers();
    const ring = area.boundary?.coordinates[0] as LonLat[] | undefined;
    if (ring) L.polygon(ring.map(latLng), { color: '#0e2a47', weight: 2, dashArray: '2 4', fillColor: '#0b4f8a', fillOpacity: 0.04, interactive: false }).addTo(g.boundary);
    if (fitted.current !== area.code) {
      const points: LonLat[] = [...(ring ?? []), ...area.checkpoints.map((c) => c.location.coordinates as LonLat)];
      const bounds = boundsOf(points);
      if (bounds) {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: 18 });
        fitted.current = area.code;
      }
    }
    map.getContainer().setAttribute('data-ready', 'true');
  }, [area]);

  // Existing cameras' fields of view.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    g.sectors.clearLayers();
    for (const d of devices) {
      if (!d.location) continue;
      const at = d.location.coordinates as LonLat;
      const status = statuses.get(d.id) ?? d.status;
      if (status === 'decommissioned') continue;
      const counts = sectorCounts(status, mode);
      const colour = counts ? SECTOR_ON : SECTOR_OFF;
      const text = labels.device(d, status, counts);
      if (d.rangeM) {
        const sector = L.polygon(sectorRing(at, d.bearingDeg ?? 0, d.fovDeg ?? 360, d.rangeM).map(latLng), {
          color: colour,
          weight: counts ? 1.5 : 1,
          dashArray: counts ? undefined : '4 4',
          fillColor: colour,
          fillOpacity: counts ? 0.14 : 0.05,
          className: 'camera-sector',
        }).addTo(g.sectors);
        sector.getElement()?.setAttribute('data-sector', d.id);
        sector.getElement()?.setAttribute('data-counts', String(counts));
        tooltip(sector, text, { sticky: true });
      }
      const dot = L.circleMarker(latLng(at), { radius: 4.5, color: '#ffffff', weight: 1.5, fillColor: colour, fillOpacity: 1 }).addTo(g.sectors);
      dot.getElement()?.setAttribute('data-device', d.id);
      dot.getElement()?.setAttribute('data-status', status);
      tooltip(dot, text, { direction: 'top', offset: [0, -4] });
    }
  }, [devices, statuses, mode, labels]);

  // Proposed cameras.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    g.proposals.clearLayers();
    if (!plan) return;
    plan.suggestions.forEach((s, i) => {
      const id = suggestionId(plan.areaCode, i);
      const at = s.location as LonLat;
      const text = labels.proposal(i + 1, s);
      const sector = L.polygon(sectorRing(at, s.bearingDeg, s.fovDeg, s.rangeM).map(latLng), {
        color: PROPOSED,
        weight: 2.5,
        dashArray: '8 5',
        fillColor: PROPOSED,
        fillOpacity: 0.16,
        className: 'proposed-sector',
      }).addTo(g.proposals);
      sector.getElement()?.setAttribute('data-suggestion-sector', id);
      tooltip(sector, text, { sticky: true });
      const marker = L.marker(latLng(at), {
        // Beside the site, not on it: the site is often a checkpoint, whose symbol stays readable.
        icon: L.divIcon({ className: 'proposed-site', html: `<span>${i + 1}</span>`, iconSize: [22, 22], iconAnchor: [30, 30] }),
        title: text,
        alt: text,
        zIndexOffset: 500,
      }).addTo(g.proposals);
      marker.getElement()?.setAttribute('data-suggestion-site', id);
    });
  }, [plan, labels]);

  // Checkpoints, on top.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    g.checkpoints.clearLayers();
    for (const v of views) {
      const html = `<span class="cp-symbols">${v.sights.map((s) => purposeSymbol(s.purpose, isSeen(s, mode))).join('')}</span>`;
      const text = labels.checkpoint(v, mode);
      const width = Math.max(1, v.sights.length) * 19;
      const marker = L.marker(latLng(v.location), {
        icon: L.divIcon({ className: 'cp-icon', html, iconSize: [width, 18], iconAnchor: [width / 2, 9] }),
        title: text,
        alt: text,
        zIndexOffset: 1000,
      }).addTo(g.checkpoints);
      const el = marker.getElement();
      el?.setAttribute('data-checkpoint-marker', v.id);
      el?.setAttribute('data-seen', String(mode === 'installed' ? v.coveredInstalled : v.coveredOperational));
    }
  }, [views, mode, labels]);

  return <div ref={container} id="coverage-area-map" className="planner-map area-map" role="region" aria-label={labels.map} />;
}
