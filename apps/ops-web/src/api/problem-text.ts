// One sentence for any error a screen shows: the catalogue's title for the API's problem
// type (Vietnamese or English), or "cannot reach the server" for a network failure.
import type { TFunction } from 'i18next';
import { ApiError } from './http';

const KNOWN = new Set([
  'bad_request', 'unauthorized', 'token_missing', 'token_invalid', 'token_expired', 'forbidden', 'not_found', 'conflict',
  'payload_too_large', 'unsupported_media_type', 'too_many_requests', 'validation', 'invalid', 'unavailable', 'internal',
]);

export function problemTitle(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) return t(`problems:${KNOWN.has(err.code) ? err.code : 'other'}`);
  if (err instanceof TypeError) return t('problems:network');
  return t('problems:other');
}
