// Coverage rules (DESIGN.md §4), pure: whether a device sees a checkpoint (WGS84 geodesic,
// deterministic boundaries), coverage per key area and purpose, installed and operational,
// the province and district KPI, gaps, placement suggestions, and an incremental index
// that recomputes only what a change can affect (DESIGN.md §6). No I/O, no clock.
export * from './model';
export * from './errors';
export * from './geodesy';
export * from './field-of-view';
export * from './figures';
export * from './grid';
export * from './validate';
export * from './placement';
export * from './coverage-index';
export * from './from-register';
