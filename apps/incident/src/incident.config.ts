import { z } from 'zod';
import { commonEnv, databaseEnv, envInt, httpEnv, natsEnv } from '@ioc/platform';

export const incidentConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3004),
  ...natsEnv,
  ...databaseEnv('incident'),
  /**
   * JSON overriding the incident policy (severities, debounce seconds, reopen window,
   * congestion thresholds); see docs/runbooks/incidents.md. Unset: the defaults.
   */
  INCIDENT_POLICY: z.string().optional(),
  /** How often debounced, suppressed and maintenance-delayed conditions are re-evaluated. */
  INCIDENT_TICK_MS: envInt(1000, 50, 60_000),
  /** How often each copy looks at the other copies and rebalances the partitions it owns (decision 0024). */
  INCIDENT_PARTITION_INTERVAL_MS: envInt(1000, 100, 60_000),
  /** Most messages taken from JetStream and applied in one statement. */
  INCIDENT_BATCH_SIZE: envInt(500, 1, 5000),
});
export type IncidentConfig = z.infer<typeof incidentConfigSchema>;
