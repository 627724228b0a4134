// Where the district names go on screen, pure: each label tries spots around its point
// (below, above, right, left; near first, then further out), takes the first that overlaps neither a label placed
// before it nor an obstacle (a cluster badge), and is hidden when none is free. Districts
// with more key areas are placed first. In screen pixels, recomputed after each zoom.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelRequest {
  key: string;
  /** The labelled point on screen. */
  x: number;
  y: number;
  w: number;
  h: number;
  priority: number;
}

/** Top-left offset of the label from its point; null: no free spot, hidden. */
export type Placement = { dx: number; dy: number } | null;

/** Distances tried from the point, nearest first: a cluster badge often sits on the point itself. */
const GAPS = [14, 26, 40];

function candidates(w: number, h: number): { dx: number; dy: number }[] {
  return GAPS.flatMap((gap) => [
    { dx: -w / 2, dy: gap }, // below
    { dx: -w / 2, dy: -gap - h }, // above
    { dx: gap + 4, dy: -h / 2 }, // right
    { dx: -gap - 4 - w, dy: -h / 2 }, // left
  ]);
}

export function overlaps(a: Box, b: Box, margin = 0): boolean {
  return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
}

export function placeLabels(labels: readonly LabelRequest[], obstacles: readonly Box[] = [], margin = 3): Map<string, Placement> {
  const placed: Box[] = [...obstacles];
  const out = new Map<string, Placement>();
  const order = [...labels].sort((a, b) => b.priority - a.priority || a.key.localeCompare(b.key));
  for (const label of order) {
    let chosen: Placement = null;
    for (const c of candidates(label.w, label.h)) {
      const box = { x: label.x + c.dx, y: label.y + c.dy, w: label.w, h: label.h };
      if (!placed.some((p) => overlaps(box, p, margin))) {
        chosen = c;
        placed.push(box);
        break;
      }
    }
    out.set(label.key, chosen);
  }
  return out;
}
