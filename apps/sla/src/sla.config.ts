import { z } from 'zod';
import { commonEnv, cronPattern, databaseEnv, envInt, httpEnv, natsEnv, redisEnv, timeZone } from '@ioc/platform';

export const slaConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3006),
  ...natsEnv,
  ...redisEnv,
  ...databaseEnv('sla'),
  /** Days and months are cut in this zone (DESIGN.md §4). */
  SLA_TIME_ZONE: timeZone('Asia/Ho_Chi_Minh'),
  /** When the monthly report of the month before is made: the 1st at 00:05 local. */
  SLA_REPORT_CRON: cronPattern('5 0 1 * *'),
  /** JSON overriding the response targets and escalation (see docs/runbooks/sla.md). Unset: the defaults. */
  SLA_POLICY: z.string().optional(),
  /** How often escalation jobs are reconciled with the incidents (a lost Redis comes back whole). */
  SLA_RECONCILE_INTERVAL_MS: envInt(60_000, 1000, 3_600_000),
  /** Folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf (Vietnamese glyphs) for the PDF; unset: the Debian paths. */
  SLA_REPORT_FONT_DIR: z.string().optional(),
  SLA_LOAD_TIMEOUT_MS: envInt(10_000, 100, 120_000),
});
export type SlaConfig = z.infer<typeof slaConfigSchema>;
