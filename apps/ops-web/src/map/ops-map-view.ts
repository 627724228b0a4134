// The Leaflet side of the operator's live map, outside React: key-area shapes shaded by
// their live state, district names, devices as markers (clustered at province zoom), the
// field of view of cameras, the device popup's frame. React hands it data and the live
// state; it keeps a Leaflet layer per area, device and cluster on screen and the look it
// last drew for each, and touches only what changed (setStyle and a data attribute), so
// a frame with 200 status changes among 5,000 devices costs 200 small DOM updates. The
// test hooks (data-area/data-state on area paths, data-device/data-status on device
// markers) are set on the SVG elements here.
import L from 'leaflet';
import type { CameraType, Device, DeviceKind, KeyArea } from '@ioc/contracts';
import type { AppConfig } from '../app/app-config';
import type { AreaState, LiveState } from '../live/live-state';
import { areaBounds, areaRing, districtLabels, summariseAreas } from './area-model';
import { createBaseMap } from './base-map';
import { DeviceClusters, type ClusterGroup } from './device-clusters';
import {
  alarmedAreas,
  areaLookAlarm,
  areaLookState,
  deviceLookReader,
  diffLooks,
  encodeAreaLook,
  encodeLook,
  lookAlarm,
  lookCritical,
  lookLevel,
  lookStatus,
  type DeviceRef,
  type Look,
  type LookChange,
} from './device-look';
import { PROVINCE_BOUNDS, sectorRing, type LonLat } from './geo';
import { placeLabels, type Box } from './label-placement';
import { COLOURS, areaStyle, deviceStyle, type DeviceLevel } from './map-style';

/** Words the map puts on its own elements (tooltips, labels for screen readers). */
export interface MapTexts {
  mapLabel: string;
  close: string;
  areaTooltip(area: KeyArea, state: AreaState): string;
  cluster(count: number, worst: DeviceLevel): string;
  count(n: number): string;
}

export interface DevicePopupTarget {
  deviceId: string;
  /** The popup's content element, for React to render into. */
  element: HTMLElement;
  /** Opened from the keyboard (the area list): move the focus into it. */
  focus: boolean;
}

export interface OpsMapViewEvents {
  selectArea(code: string): void;
  devicePopup(target: DevicePopupTarget | null): void;
  /** Areas and devices are drawn (once). */
  ready(): void;
}

/** A device as the map places it. */
export interface PlacedDevice extends DeviceRef {
  name: string;
  kind: DeviceKind;
  cameraType: CameraType | null;
  at: LonLat;
  bearingDeg: number | null;
  fovDeg: number | null;
  rangeM: number | null;
}

interface DistrictLabelItem {
  district: string;
  at: LonLat;
  areas: number;
  text: HTMLElement;
  /** Measured once on screen. */
  w: number;
  h: number;
}

interface AreaLayer {
  area: KeyArea;
  shape: L.Polygon;
  bounds: L.LatLngBoundsExpression;
  look: Look | undefined;
  state: AreaState;
}

/** Faint fields of view of every camera on screen from this zoom on. */
export const SECTOR_ZOOM = 17;
const LABEL_MAX_ZOOM = 12.5;
const FOCUS_MAX_ZOOM = 18;

function clusterSize(count: number): number {
  return count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
}

export function placeDevice(d: Device): PlacedDevice | undefined {
  if (!d.location || d.status === 'decommissioned') return undefined;
  const [lon, lat] = d.location.coordinates;
  return {
    id: d.id,
    areaCode: d.areaCode,
    status: d.status,
    name: d.name,
    kind: d.kind,
    cameraType: d.cameraType,
    at: [lon, lat],
    bearingDeg: d.bearingDeg,
    fovDeg: d.fovDeg,
    rangeM: d.rangeM,
  };
}

/** A camera's field of view as Leaflet points, or none when its register entry lacks a range. */
export function fieldOfView(d: PlacedDevice): L.LatLngTuple[] | undefined {
  if (d.kind !== 'camera' || !d.rangeM) return undefined;
  const fov = d.fovDeg ?? (d.cameraType === 'ptz' || d.cameraType === 'dome' ? 360 : undefined);
  if (fov === undefined) return undefined;
  return sectorRing(d.at, d.bearingDeg ?? 0, fov, d.rangeM).map(([lon, lat]) => [lat, lon]);
}

const latLng = (p: LonLat): L.LatLngTuple => [p[1], p[0]];

export class OpsMapView {
  readonly map: L.Map;
  private texts: MapTexts = {
    mapLabel: '',
    close: 'Close',
    areaTooltip: (a) => a.name,
    cluster: (n) => String(n),
    count: (n) => String(n),
  };
  private state: LiveState | undefined;
  private readonly areaLayers = new Map<string, AreaLayer>();
  private readonly labels = L.layerGroup();
  private labelItems: DistrictLabelItem[] = [];
  private readonly devices = new Map<string, PlacedDevice>();
  /** The look last drawn per device (markers and cluster counts agree with it). */
  private readonly looks = new Map<string, Look>();
  private clusters: DeviceClusters | undefined;
  /** Devices of the focused area: always drawn one by one, never clustered. */
  private focusDevices: string[] = [];
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly clusterMarkers = new Map<number, { marker: L.Marker; group: ClusterGroup }>();
  private readonly sectors = new Map<string, L.Polygon>();
  private fovCache = new Map<string, L.LatLngTuple[] | null>();
  private selectedSector: L.Polygon | undefined;
  private popup: L.Popup | undefined;
  private focus: string | undefined;
  private home: L.LatLngBoundsExpression = PROVINCE_BOUNDS;
  /** A fit (to the focused area or home) waiting for the areas to arrive. */
  private pendingFit = true;
  private insetLeft = 0;
  private hasAreas = false;
  private hasDevices = false;
  private readyFired = false;
  private redrawFrame: number | undefined;
  private lastZoom: number;
  /** True while the view is the last fit (focus or home) and the user has not moved it: a resize fits again. */
  private followFit = true;
  private fitting = false;
  private readonly resize: ResizeObserver;

  constructor(
    container: HTMLElement,
    config: Pick<AppConfig, 'tileUrl' | 'tileAttribution'>,
    private readonly events: OpsMapViewEvents,
  ) {
    this.map = createBaseMap(container, config, { map: { zoomControl: false, keyboard: true } });
    for (const [name, z] of [
      ['ioc-areas', 410],
      ['ioc-sectors', 420],
      ['ioc-labels', 430],
      ['ioc-devices', 440],
    ] as const) {
      this.map.createPane(name).style.zIndex = String(z);
    }
    this.lastZoom = this.map.getZoom();
    this.map.on('moveend', () => this.scheduleRedraw());
    this.map.on('dragstart zoomstart', () => {
      if (!this.fitting) this.followFit = false;
    });
    // The map is created before the page's layout settles (and the window or the side
    // panel may change size later): Leaflet must be told, and an untouched view refitted.
    this.resize = new ResizeObserver(() => {
      this.map.invalidateSize({ pan: false });
      if (this.followFit && (this.hasAreas || !this.focus)) this.fitFocus();
      else this.scheduleRedraw();
    });
    this.resize.observe(container);
  }

  destroy(): void {
    this.resize.disconnect();
    if (this.redrawFrame !== undefined) cancelAnimationFrame(this.redrawFrame);
    this.map.remove();
  }

  setTexts(texts: MapTexts): void {
    this.texts = texts;
    this.map.getContainer().setAttribute('aria-label', texts.mapLabel);
    for (const layer of this.areaLayers.values()) layer.shape.setTooltipContent(texts.areaTooltip(layer.area, layer.state));
    for (const { marker, group } of this.clusterMarkers.values()) this.decorateCluster(marker, group);
    this.labelPopupClose();
  }

  /** Where "province" goes: the whole province, or a scoped user's own areas. */
  setHome(bounds: L.LatLngBoundsExpression): void {
    this.home = bounds;
  }

  /** Room the panel over the map's left side takes, kept clear when fitting and panning to a popup. */
  setInsetLeft(px: number): void {
    this.insetLeft = px;
  }

  // ── key areas ──────────────────────────────────────────────────────────────────────

  setAreas(areas: readonly KeyArea[]): void {
    const seen = new Set<string>();
    for (const area of areas) {
      seen.add(area.code);
      const ring = areaRing(area);
      const existing = this.areaLayers.get(area.code);
      if (existing && existing.area.boundary === area.boundary) {
        existing.area = area;
        continue;
      }
      existing?.shape.remove();
      this.areaLayers.delete(area.code);
      const bounds = areaBounds(area);
      if (ring.length < 3 || !bounds) continue;
      const shape = L.polygon(ring.map(latLng), { pane: 'ioc-areas', className: 'area-shape', bubblingMouseEvents: false });
      const layer: AreaLayer = { area, shape, bounds, look: undefined, state: 'unknown' };
      shape.bindTooltip(this.texts.areaTooltip(area, layer.state), { sticky: true, direction: 'top', className: 'area-tooltip' });
      shape.on('click', () => this.events.selectArea(layer.area.code));
      shape.addTo(this.map);
      shape.getElement()?.setAttribute('data-area', area.code);
      this.areaLayers.set(area.code, layer);
    }
    for (const [code, layer] of this.areaLayers) {
      if (!seen.has(code)) {
        layer.shape.remove();
        this.areaLayers.delete(code);
      }
    }
    this.drawLabels(areas);
    this.hasAreas = true;
    this.updateAreas();
    this.areaLayers.get(this.focus ?? '')?.shape.bringToFront();
    if (this.pendingFit) this.fitFocus();
    this.checkReady();
  }

  private drawLabels(areas: readonly KeyArea[]): void {
    this.labels.clearLayers();
    this.labelItems = districtLabels(areas).map((label) => {
      const text = document.createElement('span');
      text.textContent = label.district;
      const icon = L.divIcon({ className: 'district-label', html: text, iconSize: [0, 0] });
      L.marker(latLng(label.at), { icon, pane: 'ioc-labels', interactive: false, keyboard: false }).addTo(this.labels);
      return { district: label.district, at: label.at, areas: label.areas, text, w: 0, h: 0 };
    });
    this.toggleLabels();
    this.placeDistrictLabels();
  }

  private toggleLabels(): void {
    const show = this.map.getZoom() <= LABEL_MAX_ZOOM;
    if (show && !this.map.hasLayer(this.labels)) this.labels.addTo(this.map);
    if (!show && this.map.hasLayer(this.labels)) this.labels.remove();
  }

  /** Moves district names off each other and off the cluster badges (hiding those with no room). */
  private placeDistrictLabels(): void {
    if (!this.map.hasLayer(this.labels) || this.labelItems.length === 0) return;
    const requests = this.labelItems.map((l) => {
      if (!l.w) {
        l.w = l.text.offsetWidth;
        l.h = l.text.offsetHeight;
      }
      const p = this.map.latLngToContainerPoint(latLng(l.at));
      return { key: l.district, x: p.x, y: p.y, w: l.w, h: l.h, priority: l.areas };
    });
    const obstacles: Box[] = [];
    for (const { marker, group } of this.clusterMarkers.values()) {
      const p = this.map.latLngToContainerPoint(marker.getLatLng());
      const size = clusterSize(group.count);
      obstacles.push({ x: p.x - size / 2, y: p.y - size / 2, w: size, h: size });
    }
    const placed = placeLabels(requests, obstacles);
    for (const l of this.labelItems) {
      const at = placed.get(l.district);
      l.text.style.visibility = at ? 'visible' : 'hidden';
      if (at) {
        l.text.style.left = `${Math.round(at.dx)}px`;
        l.text.style.top = `${Math.round(at.dy)}px`;
      }
    }
  }

  private updateAreas(): void {
    if (this.areaLayers.size === 0) return;
    const summaries = summariseAreas(this.state, this.areaLayers.keys());
    const alarmed = alarmedAreas(this.state);
    for (const [code, layer] of this.areaLayers) {
      const look = encodeAreaLook(summaries.get(code)?.state ?? 'unknown', alarmed.has(code));
      if (look === layer.look) continue;
      layer.look = look;
      this.styleArea(layer);
    }
  }

  private styleArea(layer: AreaLayer): void {
    const look = layer.look ?? encodeAreaLook('unknown', false);
    const state = areaLookState(look);
    const focused = layer.area.code === this.focus;
    layer.shape.setStyle(areaStyle(state, this.map.getZoom(), focused));
    const el = layer.shape.getElement();
    if (el) {
      el.setAttribute('data-state', state);
      el.classList.toggle('is-alarm', areaLookAlarm(look));
      el.classList.toggle('is-focused', focused);
    }
    if (state !== layer.state) {
      layer.state = state;
      layer.shape.setTooltipContent(this.texts.areaTooltip(layer.area, state));
    }
  }

  // ── focus and view ─────────────────────────────────────────────────────────────────

  /** Zooms to a key area and highlights it (its devices drawn one by one); undefined: home. */
  setFocus(code: string | undefined): void {
    const previous = this.focus;
    this.focus = code;
    if (previous !== code) {
      for (const c of [previous, code]) {
        const layer = this.areaLayers.get(c ?? '');
        if (layer) this.styleArea(layer);
      }
      this.areaLayers.get(code ?? '')?.shape.bringToFront();
      if (this.hasDevices) this.rebuildIndex();
    }
    this.pendingFit = true;
    if (this.hasAreas) this.fitFocus();
  }

  private fitFocus(): void {
    this.pendingFit = false;
    const layer = this.focus ? this.areaLayers.get(this.focus) : undefined;
    if (layer) this.fit(layer.bounds, { paddingTopLeft: [this.insetLeft + 32, 32], paddingBottomRight: [32, 32], maxZoom: FOCUS_MAX_ZOOM });
    else this.fitHome();
  }

  fitHome(): void {
    this.fit(this.home, { paddingTopLeft: [this.insetLeft + 8, 8], paddingBottomRight: [8, 8] });
  }

  private fit(bounds: L.LatLngBoundsExpression, options: L.FitBoundsOptions): void {
    this.fitting = true;
    try {
      // No animation: a fit asked for while another is animating (the area arrives after the
      // province fit, when a link opens an incident) must not be lost.
      this.map.fitBounds(bounds, { ...options, animate: false });
    } finally {
      this.fitting = false;
    }
    this.followFit = true;
  }

  zoomIn(): void {
    this.map.zoomIn();
  }

  zoomOut(): void {
    this.map.zoomOut();
  }

  // ── devices ────────────────────────────────────────────────────────────────────────

  setDevices(devices: readonly Device[]): void {
    this.devices.clear();
    this.fovCache.clear();
    for (const d of devices) {
      const placed = placeDevice(d);
      if (placed) this.devices.set(placed.id, placed);
    }
    this.updateDevices();
    this.hasDevices = true;
    this.rebuildIndex();
    this.checkReady();
  }

  /** The live state moved: redraw what changed. */
  update(state: LiveState | undefined): void {
    this.state = state;
    this.updateDevices();
    this.updateAreas();
  }

  private updateDevices(): void {
    if (this.devices.size === 0 && this.looks.size === 0) return;
    const { changes } = diffLooks(this.devices.values(), (d) => d.id, deviceLookReader(this.state), this.looks);
    for (const change of changes) this.applyDeviceChange(change);
  }

  private applyDeviceChange({ id, from, to }: LookChange): void {
    const marker = this.markers.get(id);
    if (marker) this.styleMarker(marker, id, to);
    const group = this.clusters?.change(id, from === undefined ? undefined : { level: lookLevel(from), alarm: lookAlarm(from) }, { level: lookLevel(to), alarm: lookAlarm(to) });
    if (group) {
      const entry = this.clusterMarkers.get(group.key);
      if (entry) this.decorateCluster(entry.marker, group);
    }
  }

  private rebuildIndex(): void {
    const points = [];
    const focused: string[] = [];
    for (const d of this.devices.values()) {
      if (d.areaCode === this.focus) focused.push(d.id);
      else points.push({ id: d.id, lon: d.at[0], lat: d.at[1] });
    }
    this.focusDevices = focused;
    this.clusters = new DeviceClusters(points);
    // Cluster ids are only stable within one index.
    for (const { marker } of this.clusterMarkers.values()) marker.remove();
    this.clusterMarkers.clear();
    this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.redrawFrame !== undefined) return;
    this.redrawFrame = requestAnimationFrame(() => {
      this.redrawFrame = undefined;
      this.redraw();
    });
  }

  /** Clusters, single markers and faint fields of view for what is on screen now. */
  private redraw(): void {
    const zoom = this.map.getZoom();
    if (zoom !== this.lastZoom) {
      this.lastZoom = zoom;
      for (const layer of this.areaLayers.values()) this.styleArea(layer);
      this.toggleLabels();
    }
    if (!this.clusters) return;
    const b = this.map.getBounds().pad(0.3);
    const bbox: [number, number, number, number] = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
    const looks = this.looks;
    const frame = this.clusters.frame(bbox, zoom, (id) => lookLevel(looks.get(id) ?? 0), (id) => lookAlarm(looks.get(id) ?? 0));

    const singles = new Set<string>(this.focusDevices);
    for (const p of frame.singles) singles.add(p.id);
    for (const [id, marker] of this.markers) {
      if (!singles.has(id)) {
        marker.remove();
        this.markers.delete(id);
      }
    }
    for (const id of singles) if (!this.markers.has(id)) this.addMarker(id);

    for (const [key, entry] of this.clusterMarkers) {
      if (!frame.groups.has(key)) {
        entry.marker.remove();
        this.clusterMarkers.delete(key);
      }
    }
    for (const group of frame.groups.values()) {
      const entry = this.clusterMarkers.get(group.key);
      if (entry) {
        entry.group = group;
        this.decorateCluster(entry.marker, group);
      } else {
        this.addCluster(group);
      }
    }
    this.syncSectors(zoom, singles);
    this.placeDistrictLabels();
  }

  private addMarker(id: string): void {
    const d = this.devices.get(id);
    if (!d) return;
    const look = this.looks.get(id) ?? encodeLook(d.status, false, false);
    const marker = L.circleMarker(latLng(d.at), { pane: 'ioc-devices', className: 'device-marker', bubblingMouseEvents: false, ...deviceStyle(lookStatus(look), lookCritical(look)) });
    marker.bindTooltip(d.name, { direction: 'top', offset: [0, -8], className: 'device-tooltip' });
    marker.on('click', () => this.openDevice(id));
    marker.addTo(this.map);
    this.markers.set(id, marker);
    const el = marker.getElement();
    el?.setAttribute('data-device', id);
    this.decorateMarker(el, look);
  }

  private styleMarker(marker: L.CircleMarker, _id: string, look: Look): void {
    marker.setStyle(deviceStyle(lookStatus(look), lookCritical(look)));
    this.decorateMarker(marker.getElement(), look);
  }

  private decorateMarker(el: Element | undefined, look: Look): void {
    if (!el) return;
    el.setAttribute('data-status', lookStatus(look));
    el.classList.toggle('is-critical', lookCritical(look));
    el.classList.toggle('is-alarm', lookAlarm(look));
  }

  private addCluster(group: ClusterGroup): void {
    const size = clusterSize(group.count);
    const badge = document.createElement('span');
    badge.className = 'cluster-badge';
    badge.textContent = this.texts.count(group.count);
    const icon = L.divIcon({ className: 'device-cluster', html: badge, iconSize: [size, size] });
    const marker = L.marker([group.lat, group.lon], { icon, keyboard: true, riseOnHover: true, bubblingMouseEvents: false });
    const entry = { marker, group };
    const expand = () => this.map.setView([entry.group.lat, entry.group.lon], Math.min(this.clusters?.expansionZoom(entry.group.key) ?? this.map.getZoom() + 2, FOCUS_MAX_ZOOM));
    marker.on('click', expand);
    marker.on('keypress', (e: L.LeafletKeyboardEvent) => {
      if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') expand();
    });
    marker.addTo(this.map);
    this.clusterMarkers.set(group.key, entry);
    this.decorateCluster(marker, group);
  }

  private decorateCluster(marker: L.Marker, group: ClusterGroup): void {
    const el = marker.getElement();
    if (!el) return;
    el.setAttribute('data-cluster', String(group.count));
    el.setAttribute('data-level', group.worst);
    el.setAttribute('aria-label', this.texts.cluster(group.count, group.worst));
    el.classList.toggle('is-alarm', group.alarms > 0);
    const badge = el.firstElementChild;
    if (badge) badge.textContent = this.texts.count(group.count);
  }

  // ── fields of view ─────────────────────────────────────────────────────────────────

  private fov(d: PlacedDevice): L.LatLngTuple[] | undefined {
    let ring = this.fovCache.get(d.id);
    if (ring === undefined) {
      ring = fieldOfView(d) ?? null;
      this.fovCache.set(d.id, ring);
    }
    return ring ?? undefined;
  }

  private syncSectors(zoom: number, singles: Set<string>): void {
    const want = new Set<string>();
    if (zoom >= SECTOR_ZOOM) {
      const view = this.map.getBounds().pad(0.2);
      for (const id of singles) {
        const d = this.devices.get(id);
        if (d && d.kind === 'camera' && view.contains(latLng(d.at))) want.add(id);
      }
    }
    for (const [id, sector] of this.sectors) {
      if (!want.has(id)) {
        sector.remove();
        this.sectors.delete(id);
      }
    }
    for (const id of want) {
      if (this.sectors.has(id)) continue;
      const d = this.devices.get(id);
      const ring = d && this.fov(d);
      if (!ring) continue;
      this.sectors.set(id, L.polygon(ring, { pane: 'ioc-sectors', interactive: false, className: 'fov-faint', color: COLOURS.fov, weight: 1, opacity: 0.45, fillColor: COLOURS.fov, fillOpacity: 0.07 }).addTo(this.map));
    }
  }

  // ── the device popup ───────────────────────────────────────────────────────────────

  /** Opens a device's popup (React renders its content into the element it reports). */
  openDevice(id: string, options: { focus?: boolean } = {}): void {
    const d = this.devices.get(id);
    if (!d) return;
    const element = document.createElement('div');
    element.className = 'device-popup';
    element.setAttribute('data-device', id);
    const popup = L.popup({
      className: 'device-popup-frame',
      minWidth: 260,
      maxWidth: 360,
      autoPanPaddingTopLeft: [this.insetLeft + 16, 16],
      autoPanPadding: [16, 16],
      offset: [0, -4],
    })
      .setLatLng(latLng(d.at))
      .setContent(element);
    // React fills the element after it is open and its figures arrive later: place the
    // popup again when its size changes. Leaflet's update() re-attaches the content, which
    // drops the focus, so the focus is put back where it was.
    const resized = new ResizeObserver(() => {
      const active = document.activeElement;
      popup.update();
      if (active instanceof HTMLElement && element.contains(active)) active.focus({ preventScroll: true });
    });
    resized.observe(element);
    popup.on('remove', () => {
      resized.disconnect();
      if (this.popup !== popup) return;
      this.popup = undefined;
      this.selectedSector?.remove();
      this.selectedSector = undefined;
      this.events.devicePopup(null);
    });
    popup.openOn(this.map);
    this.popup = popup;
    this.labelPopupClose();
    this.selectedSector?.remove();
    const ring = this.fov(d);
    this.selectedSector = ring
      ? L.polygon(ring, { pane: 'ioc-sectors', interactive: false, className: 'fov-selected', color: COLOURS.fov, weight: 2, opacity: 0.9, fillColor: COLOURS.fov, fillOpacity: 0.22 }).addTo(this.map)
      : undefined;
    this.events.devicePopup({ deviceId: id, element, focus: options.focus ?? false });
  }

  closePopup(): void {
    this.popup?.close();
  }

  private labelPopupClose(): void {
    const close = this.popup?.getElement()?.querySelector('.leaflet-popup-close-button');
    if (close) {
      close.setAttribute('aria-label', this.texts.close);
      close.setAttribute('title', this.texts.close);
    }
  }

  private checkReady(): void {
    if (this.readyFired || !this.hasAreas || !this.hasDevices) return;
    this.readyFired = true;
    this.events.ready();
  }
}
