// The key area editor's map: the base map, the other key areas faintly for orientation,
// the boundary being drawn (PolygonEditor), the area's checkpoints, and the checkpoint
// being placed or edited as a draggable pin. What a click on the map means depends on the
// editor's mode: a vertex while drawing, a checkpoint's place while placing or moving one.
import L from 'leaflet';
import type { Checkpoint, KeyArea } from '@ioc/contracts';
import type { AppConfig } from '../app/app-config';
import { createBaseMap } from '../map/base-map';
import { boundsOf, type LonLat } from '../map/geo';
import { roundPoint, verticesFromPolygon } from './area-geometry';
import { PolygonEditor, type ShapeState } from './polygon-editor';

export type EditorMode = 'idle' | 'draw' | 'place' | 'move';

export interface AreaEditorMapHandlers {
  onShape(state: ShapeState): void;
  /** A click on the map while placing or moving a checkpoint. */
  onPick(at: LonLat): void;
  onCheckpoint(id: string): void;
  /** The pin of the checkpoint being edited was dragged. */
  onPinMoved(at: LonLat): void;
  vertexLabel(n: number): string;
  checkpointLabel(cp: Checkpoint): string;
  pinLabel(): string;
}

const CONTEXT_STYLE: L.PathOptions = { color: '#5b6676', weight: 1.5, fillColor: '#5b6676', fillOpacity: 0.08, dashArray: '3 4', interactive: false };
const toLatLng = ([lon, lat]: LonLat): L.LatLngTuple => [lat, lon];

/** Checkpoint colours by purpose; the list beside the map names the purposes in words. */
function purposeColour(cp: Checkpoint): string {
  if (cp.purposes.includes('traffic') && cp.purposes.includes('security')) return '#6a1b9a';
  return cp.purposes.includes('traffic') ? '#0b4f8a' : '#b34700';
}

export class AreaEditorMap {
  readonly map: L.Map;
  readonly polygon: PolygonEditor;
  private mode: EditorMode = 'idle';
  private readonly context = L.layerGroup();
  private readonly checkpoints = L.layerGroup();
  private pin?: L.Marker;

  constructor(container: HTMLElement, config: Pick<AppConfig, 'tileUrl' | 'tileAttribution'>, private readonly handlers: AreaEditorMapHandlers) {
    this.map = createBaseMap(container, config);
    this.context.addTo(this.map);
    this.checkpoints.addTo(this.map);
    this.polygon = new PolygonEditor(this.map, { onChange: (s) => handlers.onShape(s), vertexLabel: (n) => handlers.vertexLabel(n) });
    this.map.on('click', this.onClick);
  }

  setMode(mode: EditorMode): void {
    this.mode = mode;
    const container = this.map.getContainer();
    container.dataset.mode = mode;
    container.classList.toggle('is-picking', mode === 'place' || mode === 'move');
    if (mode === 'draw') {
      const { drawing, closed, vertices } = this.polygon.state;
      // A closed or empty outline is drawn anew; an open one is drawn on.
      if (!drawing) {
        if (closed || vertices.length === 0) this.polygon.startDrawing();
        else this.polygon.resumeDrawing();
      }
    } else if (this.polygon.state.drawing) {
      this.polygon.stopDrawing();
    }
  }

  /** The other key areas, faint and not clickable, so a new one is drawn beside them. */
  setContext(areas: readonly KeyArea[], except?: string): void {
    this.context.clearLayers();
    for (const a of areas) {
      if (a.code === except || !a.boundary) continue;
      L.polygon(verticesFromPolygon(a.boundary).map(toLatLng), CONTEXT_STYLE)
        .bindTooltip(`${a.code} · ${a.name}`, { sticky: true })
        .addTo(this.context);
    }
  }

  setCheckpoints(list: readonly Checkpoint[], editingId?: string): void {
    this.checkpoints.clearLayers();
    for (const cp of list) {
      if (cp.id === editingId) continue; // shown as the draggable pin instead
      const marker = L.circleMarker(toLatLng(cp.location.coordinates as LonLat), {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: purposeColour(cp),
        fillOpacity: 1,
        bubblingMouseEvents: false,
      });
      marker.bindTooltip(this.handlers.checkpointLabel(cp));
      marker.on('click', () => this.handlers.onCheckpoint(cp.id));
      marker.addTo(this.checkpoints);
    }
  }

  /** The checkpoint being placed or edited, draggable; undefined removes it. */
  setPin(at: LonLat | undefined): void {
    if (!at) {
      this.pin?.remove();
      this.pin = undefined;
      return;
    }
    if (this.pin) {
      this.pin.setLatLng(toLatLng(at));
      return;
    }
    const label = this.handlers.pinLabel();
    this.pin = L.marker(toLatLng(at), { draggable: true, keyboard: true, title: label, alt: label, icon: L.divIcon({ className: 'admin-pin', iconSize: [18, 18] }) });
    this.pin.on('dragend', () => {
      const p = this.pin?.getLatLng();
      if (p) this.handlers.onPinMoved(roundPoint([p.lng, p.lat]));
    });
    this.pin.addTo(this.map);
  }

  /** The map's centre, where keyboard users put a vertex or a checkpoint after panning with the arrow keys. */
  centre(): LonLat {
    const c = this.map.getCenter();
    return roundPoint([c.lng, c.lat]);
  }

  /** What a click at the map's centre would do in the current mode. */
  pickCentre(): void {
    if (this.mode === 'draw') this.polygon.addVertex(this.centre());
    else if (this.mode === 'place' || this.mode === 'move') this.handlers.onPick(this.centre());
  }

  fitTo(points: readonly LonLat[], maxZoom = 18): void {
    const bounds = boundsOf(points);
    if (!bounds) return;
    // A fifth of the view around the area: its neighbours show, for orientation.
    const size = this.map.getSize();
    this.map.fitBounds(bounds, { padding: [Math.max(40, size.x * 0.2), Math.max(40, size.y * 0.2)], maxZoom, animate: false });
    // How many times the view was fitted: a test waits for it before clicking at pixels.
    const container = this.map.getContainer();
    container.dataset.fitted = String(Number(container.dataset.fitted ?? 0) + 1);
  }

  destroy(): void {
    this.map.off('click', this.onClick);
    this.polygon.destroy();
    this.map.remove();
  }

  private readonly onClick = (e: L.LeafletMouseEvent) => {
    if (this.mode === 'place' || this.mode === 'move') this.handlers.onPick(roundPoint([e.latlng.lng, e.latlng.lat]));
  };
}
