// One way for every screen to open a map: Leaflet, opened on Quảng Bình, with the offline
// basemap (Natural Earth country shapes shipped with the app, public/basemap/region.json)
// under everything, and a raster tile layer on top of it only when the site configured
// one (WEB_TILE_URL). No request leaves the platform by default.
import L from 'leaflet';
import type { AppConfig } from '../app/app-config';
import { PROVINCE_BOUNDS } from './geo';

const LAND_STYLE: L.PathOptions = { color: '#8c99a8', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1, interactive: false };
let basemap: Promise<GeoJSON.FeatureCollection> | undefined;

function loadBasemap(): Promise<GeoJSON.FeatureCollection> {
  basemap ??= fetch('/basemap/region.json').then((r) => {
    if (!r.ok) throw new Error(`basemap: HTTP ${r.status}`);
    return r.json() as Promise<GeoJSON.FeatureCollection>;
  });
  return basemap;
}

export interface BaseMapOptions {
  /** Leaflet options on top of the defaults (e.g. a canvas renderer, zoom limits). */
  map?: L.MapOptions;
}

/** Creates the map in `container`; call `map.remove()` when the view unmounts. */
export function createBaseMap(container: HTMLElement, config: Pick<AppConfig, 'tileUrl' | 'tileAttribution'>, options: BaseMapOptions = {}): L.Map {
  const map = L.map(container, { zoomSnap: 0.5, minZoom: 6, maxZoom: 19, attributionControl: true, ...options.map });
  map.fitBounds(PROVINCE_BOUNDS);
  map.getContainer().style.background = '#cfe3f0'; // the sea
  const pane = map.createPane('basemap');
  pane.style.zIndex = '150';
  map.attributionControl.setPrefix(false);
  void loadBasemap()
    .then((fc) => {
      if (!map.getContainer().isConnected) return;
      L.geoJSON(fc, { pane: 'basemap', style: () => LAND_STYLE }).addTo(map);
      map.attributionControl.addAttribution('Natural Earth');
    })
    .catch(() => undefined); // without the backdrop the areas and devices still show
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  return map;
}
