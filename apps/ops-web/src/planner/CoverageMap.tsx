// The province's key areas on the map, coloured by whether each meets its coverage target
// (by installed or by operational coverage, as the page switches): the area's boundary,
// and a dot at its middle that stays visible at province zoom, where a boundary of a few
// hundred metres is smaller than a pixel. Clicking either opens the area's page. The
// legend says in words what each colour means; the table beside the map carries the
// same information for keyboards and screen readers.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import type { AreaCoverageDto, KeyArea } from '@ioc/contracts';
import { useServices } from '../app/services';
import { createBaseMap } from '../map/base-map';
import { boundsOf, centroid, type LonLat } from '../map/geo';
import type { CoverageMode } from './checkpoints';

export type AreaVerdict = 'meets' | 'misses' | 'unassessed';

export function areaVerdict(c: AreaCoverageDto | undefined, mode: CoverageMode): AreaVerdict {
  if (!c || !c.assessed) return 'unassessed';
  return c.meetsTarget[mode] ? 'meets' : 'misses';
}

/** Fill colours of the verdicts; each also has its word in the legend and the tooltip. */
export const VERDICT_COLOUR: Record<AreaVerdict, string> = { meets: '#1b7a3a', misses: '#b3261e', unassessed: '#5b6676' };

interface AreaLayers {
  shape?: L.Polygon;
  dot: L.CircleMarker;
}

export interface CoverageMapProps {
  areas: readonly KeyArea[];
  coverage: ReadonlyMap<string, AreaCoverageDto>;
  mode: CoverageMode;
  onSelect(areaCode: string): void;
  /** The tooltip's text of an area. */
  describe(area: KeyArea, verdict: AreaVerdict): string;
  label: string;
}

/** Binds a tooltip, or changes its text in place (an open tooltip stays open while figures move). */
export function tooltip(layer: L.Layer, text: string, options: L.TooltipOptions): void {
  if (layer.getTooltip()) layer.setTooltipContent(text);
  else layer.bindTooltip(text, options);
}

function middleOf(area: KeyArea): LonLat | undefined {
  const ring = area.boundary?.coordinates[0];
  if (ring && ring.length > 1) return centroid(ring.slice(0, -1) as LonLat[]);
  return centroid(area.checkpoints.map((c) => c.location.coordinates as LonLat));
}

export function CoverageMap({ areas, coverage, mode, onSelect, describe, label }: CoverageMapProps) {
  const { config } = useServices();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layers = useRef(new Map<string, AreaLayers>());
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  useEffect(() => {
    if (!container.current) return;
    const map = createBaseMap(container.current, config);
    mapRef.current = map;
    const drawn = layers.current;
    return () => {
      map.remove();
      mapRef.current = null;
      drawn.clear();
    };
  }, [config]);

  // The areas' shapes, drawn again when the register's areas change.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    for (const l of layers.current.values()) {
      l.shape?.remove();
      l.dot.remove();
    }
    layers.current.clear();
    const points: LonLat[] = [];
    for (const area of areas) {
      const middle = middleOf(area);
      if (!middle) continue;
      const open = () => select.current(area.code);
      const ring = area.boundary?.coordinates[0] as LonLat[] | undefined;
      let shape: L.Polygon | undefined;
      if (ring) {
        points.push(...ring);
        shape = L.polygon(
          ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple),
          { weight: 2, fillOpacity: 0.35, className: 'coverage-area-shape' },
        )
          .on('click', open)
          .addTo(map);
      } else {
        points.push(middle);
      }
      const dot = L.circleMarker([middle[1], middle[0]], { radius: 7, weight: 2, color: '#ffffff', fillOpacity: 0.95, className: 'coverage-area-dot' })
        .on('click', open)
        .addTo(map);
      shape?.getElement()?.setAttribute('data-area', area.code);
      dot.getElement()?.setAttribute('data-area-dot', area.code);
      layers.current.set(area.code, { shape, dot });
    }
    const bounds = boundsOf(points);
    if (bounds) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
    map.getContainer().setAttribute('data-ready', 'true');
  }, [areas]);

  // Colours and tooltips follow the figures (live) and the mode.
  useEffect(() => {
    for (const area of areas) {
      const l = layers.current.get(area.code);
      if (!l) continue;
      const verdict = areaVerdict(coverage.get(area.code), mode);
      const colour = VERDICT_COLOUR[verdict];
      const text = describe(area, verdict);
      if (l.shape) {
        l.shape.setStyle({ color: colour, fillColor: colour });
        l.shape.getElement()?.setAttribute('data-verdict', verdict);
        tooltip(l.shape, text, { sticky: true });
      }
      l.dot.setStyle({ fillColor: colour });
      l.dot.getElement()?.setAttribute('data-verdict', verdict);
      tooltip(l.dot, text, { direction: 'top', offset: [0, -6] });
    }
  }, [areas, coverage, mode, describe]);

  return <div ref={container} id="coverage-map" className="planner-map" role="region" aria-label={label} />;
}
