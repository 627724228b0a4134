// Bulk import of devices or checkpoints from CSV or GeoJSON (docs/import-format.md). A job
// runs in the registry (BullMQ); its progress is pushed to the caller over Socket.IO.
import { z } from 'zod';
import { CheckpointInput, DeviceInput } from './register.contract';
import { identifier } from '../contract';

export const IMPORT_KINDS = ['devices', 'checkpoints'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_FORMATS = ['csv', 'geojson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

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
  /** Bad rows, each with every problem found in it (a row may appear more than once). */
  issues: z.array(ImportIssue),
  /** Lines of the rows that were left out (skipInvalid) or that stopped the import. */
  badLines: z.array(z.number().int()),
  outcome: z.enum(['checked', 'imported', 'rejected']),
});
export type ImportResult = z.infer<typeof ImportResultV1>;

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
