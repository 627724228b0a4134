// The map of the device editor and the device page: the key area's boundary, its
// checkpoints drawn as watched / not watched by this device (from camera-view.ts, the
// coverage rule itself), the device's field-of-view sector redrawn as its controls move,
// faint sectors of the area's other devices, and — when editing — a click (or a drag of
// the device symbol) that sets the position. Leaflet is driven imperatively: layers are
// made once per area and restyled in place, so dragging a slider never rebuilds the map.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useTranslation } from 'react-i18next';
import type { Device, KeyArea } from '@ioc/contracts';
import type { FieldOfView, LonLat } from '@ioc/coverage';
import { useServices } from '../app/services';
import { createBaseMap } from '../map/base-map';
import { boundsOf, sectorRing, type LonLat as GeoLonLat } from '../map/geo';
import type { CheckpointSight } from './camera-view';
import { effectiveView } from './camera-view';

export interface CameraMapProps {
  area: KeyArea | undefined;
  location: LonLat | undefined;
  view: FieldOfView | null;
  sight: readonly CheckpointSight[];
  /** Other devices of the area, drawn faintly (the one being edited excluded). */
  others?: readonly Device[];
  /** Editing: a click on the map or a drag of the device symbol sets the position. */
  onPick?: (at: LonLat) => void;
  /** A label for the map region (screen readers). */
  label: string;
  /** Open on the device's field of view (its page) rather than on the whole area (the editor). */
  fitView?: boolean;
}

const latLng = ([lon, lat]: readonly [number, number]): L.LatLngTuple => [lat, lon];
const ring = (points: readonly GeoLonLat[]) => points.map(latLng);

const SEEN_STYLE: L.CircleMarkerOptions = { radius: 9, color: '#0f5527', weight: 3, fillColor: '#1b7a3a', fillOpacity: 0.9 };
const OTHER_PURPOSE_STYLE: L.CircleMarkerOptions = { radius: 8, color: '#9a5b00', weight: 3, fillColor: '#fff1d6', fillOpacity: 0.95 };
const NOT_SEEN_STYLE: L.CircleMarkerOptions = { radius: 8, color: '#b3261e', weight: 3, fillColor: '#ffffff', fillOpacity: 0.95 };

const FIT: L.FitBoundsOptions = { padding: [30, 30], maxZoom: 19 };
const deviceIcon = L.divIcon({ className: 'dev-map-device', html: '<span aria-hidden="true"></span>', iconSize: [22, 22], iconAnchor: [11, 11] });

export function CameraMap({ area, location, view, sight, others, onPick, label, fitView = false }: CameraMapProps) {
  const { t } = useTranslation('devices');
  const { config } = useServices();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const areaLayer = useRef<L.LayerGroup | null>(null);
  const othersLayer = useRef<L.LayerGroup | null>(null);
  const checkpointMarkers = useRef(new Map<string, L.CircleMarker>());
  const sector = useRef<L.Polygon | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const fitTo = useRef<L.LatLngBoundsExpression | null>(null);
  const userMoved = useRef(false);
  const pick = useRef(onPick);
  pick.current = onPick;
  const viewRef = useRef(view);
  viewRef.current = view;
  const editable = !!onPick;

  // The map, once.
  useEffect(() => {
    if (!container.current) return;
    const map = createBaseMap(container.current, config, { map: { keyboard: true } });
    mapRef.current = map;
    areaLayer.current = L.layerGroup().addTo(map);
    othersLayer.current = L.layerGroup().addTo(map);
    map.on('click', (e: L.LeafletMouseEvent) => pick.current?.([round7(e.latlng.lng), round7(e.latlng.lat)]));
    // The page's layout settles after the first paint (fonts, side panel): keep the map's
    // size right, and the area fitted until the user moves the map themselves.
    const el = container.current;
    const touched = () => (userMoved.current = true);
    el.addEventListener('pointerdown', touched);
    el.addEventListener('wheel', touched, { passive: true });
    const observer = new ResizeObserver(() => {
      map.invalidateSize();
      if (fitTo.current && !userMoved.current) map.fitBounds(fitTo.current, FIT);
    });
    observer.observe(el);
    const markers = checkpointMarkers.current;
    return () => {
      el.removeEventListener('pointerdown', touched);
      el.removeEventListener('wheel', touched);
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      sector.current = null;
      marker.current = null;
      markers.clear();
    };
  }, [config]);

  // The area: boundary and checkpoints, made when the area changes; the view fits it.
  useEffect(() => {
    const map = mapRef.current;
    const layer = areaLayer.current;
    if (!map || !layer) return;
    layer.clearLayers();
    checkpointMarkers.current.clear();
    if (!area) return;
    const points: GeoLonLat[] = [];
    if (area.boundary) {
      const outline = area.boundary.coordinates[0] as GeoLonLat[];
      points.push(...outline);
      L.polygon(ring(outline), { color: '#0b4f8a', weight: 2, dashArray: '6 4', fillColor: '#0b4f8a', fillOpacity: 0.06, interactive: false, className: 'dev-map-boundary' }).addTo(layer);
    }
    for (const c of area.checkpoints) {
      const at = c.location.coordinates as GeoLonLat;
      points.push(at);
      // Checkpoints pass clicks through to the map (bubbling), so a camera can be placed right beside one.
      const m = L.circleMarker(latLng(at), { ...NOT_SEEN_STYLE, className: 'dev-map-checkpoint', bubblingMouseEvents: true })
        .bindTooltip(c.id, { permanent: true, direction: 'right', offset: [10, 0], className: 'dev-map-cp-label' })
        .addTo(layer);
      m.getElement()?.setAttribute('data-checkpoint', c.id);
      checkpointMarkers.current.set(c.id, m);
    }
    const v = viewRef.current;
    const bounds = fitView && v ? L.latLngBounds(ring(sectorRing(v.location as GeoLonLat, v.bearingDeg, v.fovDeg, v.rangeM))).pad(0.6) : boundsOf(points);
    fitTo.current = bounds ?? null;
    userMoved.current = false;
    if (bounds) map.fitBounds(bounds, FIT);
  }, [area, fitView]);

  // Watched / not watched, restyled in place as the view moves.
  useEffect(() => {
    const purposesOf = (id: string) => area?.checkpoints.find((c) => c.id === id)?.purposes ?? [];
    for (const s of sight) {
      const m = checkpointMarkers.current.get(s.id);
      if (!m) continue;
      m.setStyle(s.seen ? SEEN_STYLE : s.inView ? OTHER_PURPOSE_STYLE : NOT_SEEN_STYLE);
      const el = m.getElement();
      el?.setAttribute('data-seen', String(s.seen));
      el?.setAttribute('data-in-view', String(s.inView));
      const state = s.seen ? t('editor.seen', { purposes: s.coveredFor.map((p) => t(`domain:purpose.${p}`)).join(', ') }) : s.inView ? t('editor.otherPurpose') : t('editor.notSeen');
      // The label stays short on the map (a mark and the id); the list beside it says it in words.
      m.setTooltipContent(`${s.seen ? '✓' : s.inView ? '!' : '✕'} ${s.id}`);
      el?.setAttribute('aria-label', `${s.id} (${purposesOf(s.id).map((p) => t(`domain:purpose.${p}`)).join(', ')}): ${state}`);
    }
  }, [sight, area, t]);

  // The device's field of view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!view) {
      sector.current?.remove();
      sector.current = null;
      return;
    }
    const points = ring(sectorRing(view.location as GeoLonLat, view.bearingDeg, view.fovDeg, view.rangeM));
    if (sector.current) sector.current.setLatLngs(points);
    else {
      sector.current = L.polygon(points, { color: '#0b4f8a', weight: 2, fillColor: '#2f7fd0', fillOpacity: 0.25, interactive: false, className: 'dev-map-sector' }).addTo(map);
      const el = sector.current.getElement();
      el?.setAttribute('data-testid', 'fov-sector');
      el?.setAttribute('aria-label', t('editor.sector'));
    }
  }, [view, t]);

  // The device's own symbol, draggable when editing.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!location) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) marker.current.setLatLng(latLng(location));
    else {
      marker.current = L.marker(latLng(location), { icon: deviceIcon, draggable: editable, keyboard: false, title: t('editor.device'), zIndexOffset: 1000 }).addTo(map);
      marker.current.on('dragend', () => {
        const p = marker.current?.getLatLng();
        if (p) pick.current?.([round7(p.lng), round7(p.lat)]);
      });
      marker.current.getElement()?.setAttribute('data-testid', 'device-marker');
    }
  }, [location, editable, t]);

  // The area's other devices, faint, for context (what is already watched).
  useEffect(() => {
    const layer = othersLayer.current;
    if (!layer) return;
    layer.clearLayers();
    for (const d of others ?? []) {
      const v = effectiveView({
        kind: d.kind,
        cameraType: d.cameraType ?? undefined,
        location: d.location?.coordinates,
        bearingDeg: d.bearingDeg ?? undefined,
        fovDeg: d.fovDeg ?? undefined,
        rangeM: d.rangeM ?? undefined,
      });
      if (!v || d.status === 'decommissioned') continue;
      L.polygon(ring(sectorRing(v.location as GeoLonLat, v.bearingDeg, v.fovDeg, v.rangeM)), {
        color: '#5b6676',
        weight: 1,
        dashArray: '3 3',
        fillColor: '#5b6676',
        fillOpacity: 0.08,
        interactive: false,
        className: 'dev-map-other',
      }).addTo(layer);
      L.circleMarker(latLng(v.location), { radius: 4, color: '#3d4b5c', weight: 1, fillColor: '#3d4b5c', fillOpacity: 0.8 })
        .bindTooltip(`${d.id} — ${d.name}`)
        .addTo(layer);
    }
  }, [others]);

  return <div ref={container} className={`dev-map${editable ? ' dev-map-editable' : ''}`} role="region" aria-label={label} data-testid="device-map" />;
}

/** Seven decimals: about 1 cm, what the register keeps. */
function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
