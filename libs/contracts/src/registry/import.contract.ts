// Bulk import of devices or checkpoints from CSV or GeoJSON (docs/import-format.md). A job
// runs in the registry (BullMQ); its progress is pushed to the caller over Socket.IO.
import { z } from 'zod';
import { CheckpointInput, DeviceInput } from './register.contract';
import { identifier } from '../contract';

export const IMPORT_KINDS = ['devices', 'checkpoints'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_FORMATS = ['csv', 'geojson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * What one import file may hold (docs/import-format.md, "Limits"). A file over any of them
 * is refused up front, before a job is queued, with one reason: a header of 10,000 columns
 * once made a report larger than the bus can carry. The byte limit is the api's
 * API_IMPORT_MAX_BYTES and the row limit the registry's REGISTRY_IMPORT_MAX_ROWS (defaults here).
 */
export const IMPORT_LIMITS = {
  maxBytes: 900_000,
  maxRows: 20_000,
  /** CSV header columns, or properties of one GeoJSON feature (a device has 20). */
  maxColumns: 64,
  /** Characters of one CSV record, or of one GeoJSON feature as JSON. */
  maxRowChars: 8192,
} as const;
export type ImportLimits = { maxRows: number; maxColumns: number; maxRowChars: number };

/** The report is read in pages of at most this many issues (GET /imports/{id}/issues). */
export const IMPORT_ISSUES_PAGE_MAX = 500;
/** Issues kept with a finished import (the count beyond is still reported). */
export const IMPORT_ISSUES_KEPT = 20_000;
/** Issues and bad lines carried in the job itself (GET /imports/{id}, `import.progress`). */
export const IMPORT_REPORT_HEAD = 100;

/** A checkpoint row names the key area it belongs to. */
export const CheckpointImportRow = CheckpointInput.extend({ areaCode: identifier() });
export type CheckpointImportRow = z.infer<typeof CheckpointImportRow>;

/**
 * One problem with one row. `line` is the file line where the row starts (CSV: the header
 * is line 1) or the feature's 1-based position (GeoJSON); 0 for the file as a whole.
 * `field` is the CSV column or GeoJSON property ('' when the whole row is at fault).
 */
export const ImportIssue = z.object({ line: z.number().int().min(0), field: z.string(), reason: z.string() });
export type ImportIssue = z.infer<typeof ImportIssue>;

export const ImportRequestOptions = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  /** Check every row and report; change nothing. */
  dryRun: z.boolean().default(false),
  /** Import the good rows even when some are bad (and report those skipped). */
  skipInvalid: z.boolean().default(false),
});
export type ImportRequestOptions = z.infer<typeof ImportRequestOptions>;

export const IMPORT_STATES = ['waiting', 'active', 'completed', 'failed'] as const;

export const ImportResultV1 = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  imported: z.number().int(),
  /**
   * The first problems (at most IMPORT_REPORT_HEAD), in line order; a row may appear more
   * than once. Every problem: GET /api/v1/imports/{id}/issues, page by page.
   */
  issues: z.array(ImportIssue),
  /** Every problem found (those beyond IMPORT_ISSUES_KEPT are counted, not kept). */
  issueCount: z.number().int(),
  /** Lines of the first rows (at most IMPORT_REPORT_HEAD) that were left out (skipInvalid) or that stopped the import. */
  badLines: z.array(z.number().int()),
  /** How many rows were bad. */
  badLineCount: z.number().int(),
  outcome: z.enum(['checked', 'imported', 'rejected']),
});
export type ImportResult = z.infer<typeof ImportResultV1>;

/** One page of an import's problems, in line order. */
export const ImportIssuesPageV1 = z.object({
  items: z.array(ImportIssue),
  /** Problems kept (the pages hold these); `issueCount` of the result may be higher. */
  total: z.number().int(),
  offset: z.number().int(),
});
export type ImportIssuesPage = z.infer<typeof ImportIssuesPageV1>;

export const ImportJobV1 = z.object({
  id: z.string(),
  state: z.enum(IMPORT_STATES),
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  dryRun: z.boolean(),
  skipInvalid: z.boolean(),
  requestedBy: z.string(),
  progress: z.object({ phase: z.enum(['queued', 'parsing', 'checking', 'writing', 'done']), processed: z.number().int(), total: z.number().int() }),
  result: ImportResultV1.nullable(),
  failedReason: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJobV1>;

/** Pushed to the requesting user's sockets while an import runs (`import.progress`). */
export const ImportProgressV1 = z.object({
  jobId: z.string(),
  userId: z.string(),
  state: z.enum(IMPORT_STATES),
  progress: ImportJobV1.shape.progress,
  result: ImportResultV1.nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressV1>;

export type DeviceImportRow = z.infer<typeof DeviceInput>;
