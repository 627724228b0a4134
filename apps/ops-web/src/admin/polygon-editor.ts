// Drawing a key area's boundary on a Leaflet map, without a plugin: while drawing, a click
// on the map adds a vertex (a dashed guide follows the pointer from the last one); a click
// on the first vertex, or close(), closes the ring; undo() takes the last vertex back (or
// reopens a closed ring); every vertex is a draggable handle, also after closing. The
// owner hears every change through onChange and keeps the vertices as [lon, lat].
import L from 'leaflet';
import type { LonLat } from '../map/geo';
import { roundPoint } from './area-geometry';

export interface ShapeState {
  vertices: LonLat[];
  closed: boolean;
  drawing: boolean;
}

export interface PolygonEditorOptions {
  onChange(state: ShapeState): void;
  /** The accessible name of a vertex handle (1-based). */
  vertexLabel(n: number): string;
}

const SHAPE_STYLE: L.PolylineOptions = { color: '#0b4f8a', weight: 3, fillColor: '#0b4f8a', fillOpacity: 0.15, interactive: false };
const toLatLng = ([lon, lat]: LonLat): L.LatLngTuple => [lat, lon];

export class PolygonEditor {
  private vertices: LonLat[] = [];
  private closed = false;
  private drawing = false;
  private readonly group = L.layerGroup();
  private shape?: L.Polygon | L.Polyline;
  private guide?: L.Polyline;
  private markers: L.Marker[] = [];

  constructor(
    private readonly map: L.Map,
    private readonly options: PolygonEditorOptions,
  ) {
    this.group.addTo(map);
    map.on('click', this.onMapClick);
    map.on('mousemove', this.onMouseMove);
  }

  get state(): ShapeState {
    return { vertices: this.vertices.map((v) => [...v] as LonLat), closed: this.closed, drawing: this.drawing };
  }

  /** Shows a boundary (a stored one, or one read from a file): closed, not drawing. */
  load(vertices: readonly LonLat[]): void {
    this.vertices = vertices.map((v) => [...v] as LonLat);
    this.closed = this.vertices.length >= 3;
    this.setDrawingFlag(false);
    this.render();
    this.emit();
  }

  /** Starts a new outline, dropping the one shown. */
  startDrawing(): void {
    this.vertices = [];
    this.closed = false;
    this.setDrawingFlag(true);
    this.render();
    this.emit();
  }

  /** Goes on drawing an outline that is not closed yet, keeping its vertices. */
  resumeDrawing(): void {
    if (this.closed) return;
    this.setDrawingFlag(true);
    this.render();
    this.emit();
  }

  stopDrawing(): void {
    this.setDrawingFlag(false);
    this.removeGuide();
    this.render();
    this.emit();
  }

  undo(): void {
    if (this.closed) {
      this.closed = false;
      this.setDrawingFlag(true);
    } else {
      this.vertices.pop();
    }
    this.render();
    this.emit();
  }

  close(): void {
    if (this.vertices.length < 3) return;
    this.closed = true;
    this.setDrawingFlag(false);
    this.removeGuide();
    this.render();
    this.emit();
  }

  clear(): void {
    this.vertices = [];
    this.closed = false;
    this.setDrawingFlag(false);
    this.removeGuide();
    this.render();
    this.emit();
  }

  removeVertex(index: number): void {
    if (index < 0 || index >= this.vertices.length) return;
    this.vertices.splice(index, 1);
    if (this.vertices.length < 3) this.closed = false;
    this.render();
    this.emit();
  }

  destroy(): void {
    this.map.off('click', this.onMapClick);
    this.map.off('mousemove', this.onMouseMove);
    this.group.remove();
  }

  private setDrawingFlag(on: boolean): void {
    this.drawing = on;
    // Two quick clicks on the map are two vertices, not a zoom.
    if (on) this.map.doubleClickZoom.disable();
    else this.map.doubleClickZoom.enable();
    this.map.getContainer().classList.toggle('is-drawing', on);
  }

  /** Adds a vertex while drawing: a click on the map, or the map's centre from the keyboard. */
  addVertex(at: LonLat): void {
    if (!this.drawing || this.closed) return;
    this.vertices.push(roundPoint(at));
    this.render();
    this.emit();
  }

  private readonly onMapClick = (e: L.LeafletMouseEvent) => this.addVertex([e.latlng.lng, e.latlng.lat]);

  private readonly onMouseMove = (e: L.LeafletMouseEvent) => {
    if (!this.drawing || this.closed || this.vertices.length === 0) return this.removeGuide();
    const from = toLatLng(this.vertices[this.vertices.length - 1]);
    if (this.guide) this.guide.setLatLngs([from, e.latlng]);
    else this.guide = L.polyline([from, e.latlng], { color: '#0b4f8a', weight: 2, dashArray: '6 6', interactive: false }).addTo(this.group);
  };

  private removeGuide(): void {
    this.guide?.remove();
    this.guide = undefined;
  }

  private emit(): void {
    this.options.onChange(this.state);
  }

  private render(): void {
    this.shape?.remove();
    this.markers.forEach((m) => m.remove());
    this.markers = [];
    const latlngs = this.vertices.map(toLatLng);
    if (latlngs.length > 0) {
      this.shape = (this.closed ? L.polygon(latlngs, SHAPE_STYLE) : L.polyline(latlngs, { ...SHAPE_STYLE, dashArray: this.drawing ? undefined : '4 4' })).addTo(this.group);
    } else {
      this.shape = undefined;
    }
    this.vertices.forEach((v, i) => {
      const closable = i === 0 && this.drawing && !this.closed && this.vertices.length >= 3;
      const marker = L.marker(toLatLng(v), {
        draggable: true,
        keyboard: true,
        title: this.options.vertexLabel(i + 1),
        alt: this.options.vertexLabel(i + 1),
        icon: L.divIcon({ className: `admin-vertex${closable ? ' is-closable' : ''}`, iconSize: [14, 14] }),
      });
      marker.on('click', () => {
        if (closable) this.close();
      });
      marker.on('drag', () => {
        const at = marker.getLatLng();
        this.vertices[i] = [at.lng, at.lat];
        this.shape?.setLatLngs(this.vertices.map(toLatLng));
      });
      marker.on('dragend', () => {
        const at = marker.getLatLng();
        this.vertices[i] = roundPoint([at.lng, at.lat]);
        this.emit();
      });
      marker.addTo(this.group);
      this.markers.push(marker);
    });
  }
}
