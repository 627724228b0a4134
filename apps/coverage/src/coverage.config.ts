import { z } from 'zod';
import { commonEnv, cronPattern, databaseEnv, envInt, httpEnv, natsEnv, redisEnv, timeZone } from '@ioc/platform';

export const coverageConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3005),
  ...natsEnv,
  ...redisEnv,
  ...databaseEnv('coverage'),
  /** When the daily snapshot is taken (cron, in COVERAGE_TIME_ZONE): local midnight. */
  COVERAGE_SNAPSHOT_CRON: cronPattern('0 0 * * *'),
  /** Days and "installed on" dates are cut in this zone (DESIGN.md §4). */
  COVERAGE_TIME_ZONE: timeZone('Asia/Ho_Chi_Minh'),
  /** How long a request for a page of the register may take. */
  COVERAGE_LOAD_TIMEOUT_MS: envInt(10_000, 100, 120_000),
});
export type CoverageConfig = z.infer<typeof coverageConfigSchema>;
