export { parseDeviceImport, parseCheckpointImport, importFileIssues, DEFAULT_MAX_ROWS } from './register-import';
export type { ParsedRow, ParsedImport, ImportOptions } from './register-import';
export { DEVICE_COLUMNS, CHECKPOINT_COLUMNS } from './columns';
export type { ColumnSpec } from './columns';
