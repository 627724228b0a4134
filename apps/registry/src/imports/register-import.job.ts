// A bulk import job: the file and what the caller asked for. The file is dropped from the
// job once it has run (the report stays), so Redis does not keep uploads for a week.
import type { Actor, ImportIssue, ImportRequestOptions } from '@ioc/contracts';

export interface RegisterImportJobData {
  actor: Actor;
  options: ImportRequestOptions;
  content: string;
  createdAt: string;
}

/**
 * The whole report, kept with the job: every problem up to IMPORT_ISSUES_KEPT (the count
 * goes on beyond) and every bad line. The job's view carries the first ones; the rest is
 * read in pages (`imports.issues`), so no answer outgrows the bus.
 */
export interface RegisterImportJobResult {
  rows: number;
  valid: number;
  imported: number;
  issues: ImportIssue[];
  /** Absent in reports of jobs that ran before it existed: then issues.length. */
  issueCount?: number;
  badLines: number[];
  outcome: 'checked' | 'imported' | 'rejected';
}

export interface RegisterImportProgress {
  phase: 'queued' | 'parsing' | 'checking' | 'writing' | 'done';
  processed: number;
  total: number;
}
