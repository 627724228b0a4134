import { overlaps, placeLabels, type LabelRequest } from './label-placement';

const label = (key: string, x: number, y: number, priority = 1, w = 100, h = 16): LabelRequest => ({ key, x, y, w, h, priority });

describe('district label placement', () => {
  it('puts a lone label centred below its point', () => {
    expect(placeLabels([label('A', 200, 100)]).get('A')).toEqual({ dx: -50, dy: 14 });
  });

  it('moves a label that would cover another to a free spot around its own point', () => {
    const placed = placeLabels([label('Đồng Hới', 200, 100, 8), label('Ba Đồn', 205, 104, 3)]);
    expect(placed.get('Đồng Hới')).toEqual({ dx: -50, dy: 14 }); // more areas: placed first, below
    expect(placed.get('Ba Đồn')).toEqual({ dx: -50, dy: -30 }); // above its point instead
  });

  it('never lets two shown labels overlap, and hides one with no free spot', () => {
    const crowd = Array.from({ length: 12 }, (_, i) => label(`D${i}`, 300 + (i % 3) * 3, 300 + Math.floor(i / 3) * 3, 12 - i));
    const placed = placeLabels(crowd);
    const boxes = crowd.flatMap((l) => {
      const p = placed.get(l.key);
      return p ? [{ x: l.x + p.dx, y: l.y + p.dy, w: l.w, h: l.h }] : [];
    });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
    expect(boxes.length).toBeGreaterThanOrEqual(4);
    expect([...placed.values()].filter((p) => p === null).length).toBeGreaterThan(0); // twelve do not fit around one point
    expect(placed.get('D0')).not.toBeNull(); // the biggest district keeps its label
  });

  it('keeps labels off the cluster badges, further out when a badge covers the point itself', () => {
    const below = { x: 180, y: 110, w: 40, h: 40 };
    expect(placeLabels([label('A', 200, 100)], [below]).get('A')).toEqual({ dx: -50, dy: -30 });
    const onPoint = { x: 179, y: 79, w: 42, h: 42 };
    expect(placeLabels([label('A', 200, 100)], [onPoint]).get('A')).toEqual({ dx: -50, dy: 26 });
  });
});
