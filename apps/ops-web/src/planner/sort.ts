// Sorting the planner's tables (key areas, availability rows): by any column, either way,
// names in Vietnamese alphabetical order (Đ after D, tones after the bare letter), and
// "no figure" (a purpose that does not apply, nothing eligible) always last, whichever
// way the column is sorted, so a blank never passes for the worst or the best figure.
export type SortDir = 'asc' | 'desc';
export type SortValue = string | number | boolean | null | undefined;

export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

const collators = new Map<string, Intl.Collator>();
function collator(lang: string): Intl.Collator {
  const locale = lang === 'en' ? 'en' : 'vi';
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    collators.set(locale, c);
  }
  return c;
}

/** Compares two cell values in ascending order; blanks (null, undefined, NaN) are not compared here. */
function compareAsc(a: Exclude<SortValue, null | undefined>, b: Exclude<SortValue, null | undefined>, lang: string): number {
  if (typeof a === 'string' && typeof b === 'string') return collator(lang).compare(a, b);
  return Number(a) - Number(b);
}

const blank = (v: SortValue) => v == null || (typeof v === 'number' && Number.isNaN(v));

/**
 * A sorted copy of `rows` by `value(row)`; ties keep their order, then fall back to
 * `tieBreak` (e.g. the area code), so the order never jumps when a live figure moves.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, dir: SortDir, lang = 'vi', tieBreak?: (row: T) => string): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((x, y) => {
      const bx = blank(x.v);
      const by = blank(y.v);
      if (bx !== by) return bx ? 1 : -1;
      const c = bx ? 0 : sign * compareAsc(x.v as Exclude<SortValue, null | undefined>, y.v as Exclude<SortValue, null | undefined>, lang);
      if (c !== 0) return c;
      if (tieBreak) {
        const t = collator(lang).compare(tieBreak(x.row), tieBreak(y.row));
        if (t !== 0) return t;
      }
      return x.index - y.index;
    })
    .map((x) => x.row);
}

/** The next sort state when a column header is clicked: a new column starts ascending, the same one flips. */
export function toggleSort<K extends string>(state: SortState<K>, key: K, firstDir: SortDir = 'asc'): SortState<K> {
  if (state.key !== key) return { key, dir: firstDir };
  return { key, dir: state.dir === 'asc' ? 'desc' : 'asc' };
}

/** aria-sort of a column header. */
export function ariaSort<K extends string>(state: SortState<K>, key: K): 'ascending' | 'descending' | 'none' {
  if (state.key !== key) return 'none';
  return state.dir === 'asc' ? 'ascending' : 'descending';
}
