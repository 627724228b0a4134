// What the SLA specs share: wall-clock times in Asia/Ho_Chi_Minh and the code of the
// SlaError a call throws. Not exported from the library.
import { SlaError } from './sla.error';

/** A wall-clock time in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) as epoch ms. */
export const local = (wall: string): number => Date.parse(`${wall}+07:00`);

/** The code of the SlaError `run` throws; fails the test if it throws nothing or something else. */
export function slaErrorCode(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof SlaError) return err.code;
    throw err;
  }
  throw new Error('expected an SlaError');
}
