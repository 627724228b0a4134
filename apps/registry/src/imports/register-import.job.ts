// A bulk import job: the file and what the caller asked for. The file is dropped from the
// job once it has run (the report stays), so Redis does not keep uploads for a week.
import type { Actor, ImportRequestOptions, ImportResult } from '@ioc/contracts';

export interface RegisterImportJobData {
  actor: Actor;
  options: ImportRequestOptions;
  content: string;
  createdAt: string;
}

export type RegisterImportJobResult = ImportResult;

export interface RegisterImportProgress {
  phase: 'queued' | 'parsing' | 'checking' | 'writing' | 'done';
  processed: number;
  total: number;
}
