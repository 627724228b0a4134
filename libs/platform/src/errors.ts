/** Message of anything thrown, for logs and reject reasons. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * An expected refusal (bad input, not found, conflict, forbidden) with a code from
 * SERVICE_ERROR_CODES. Request handlers throw it; callers receive it as RemoteError with
 * the same code and issues, and apps/api turns it into problem+json.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
