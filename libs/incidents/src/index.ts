// Incident rules (DESIGN.md §4), pure: policy, signals from what the platform hears,
// decisions on conditions and incidents, and the operator lifecycle.
export * from './policy';
export * from './signals';
export * from './engine';
export * from './lifecycle';
