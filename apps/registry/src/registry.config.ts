import { z } from 'zod';
import { DEFAULT_PROVINCE_EXTENT, DEFAULT_PROVINCE_MARGIN_DEG, parseGeoExtent } from '@ioc/contracts';
import { commonEnv, databaseEnv, envInt, httpEnv, mqttAdminEnv, natsEnv, redisEnv } from '@ioc/platform';

export const registryConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3003),
  ...natsEnv,
  ...redisEnv,
  ...databaseEnv('registry'),
  ...mqttAdminEnv,
  /** First level of the gateways' topics (`city` in production): their ACLs are issued under it. */
  MQTT_TOPIC_ROOT: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'must be topic levels without wildcards').default('city'),
  /** Prefix of the MQTT usernames issued to gateways (`gw-` + gateway id). */
  MQTT_GATEWAY_USERNAME_PREFIX: z.string().regex(/^[A-Za-z0-9_-]*$/).default('gw-'),
  /** How far outside its key area's boundary a device or checkpoint may lie, metres. */
  REGISTRY_AREA_TOLERANCE_M: envInt(200, 0, 10_000),
  /**
   * The province's extent, `west,south,east,north` in WGS 84 degrees: every key area's
   * boundary, checkpoint and device lies in it (with the margin below). Default: Quảng Bình.
   */
  REGISTRY_PROVINCE_EXTENT: z
    .string()
    .default(Object.values(DEFAULT_PROVINCE_EXTENT).join(','))
    .transform((value, ctx) => {
      const extent = parseGeoExtent(value);
      if (!extent) ctx.addIssue({ code: 'custom', message: 'must be west,south,east,north in degrees (e.g. 105.6,16.9,107.0,18.1), west < east, south < north' });
      return extent ?? DEFAULT_PROVINCE_EXTENT;
    }),
  /** How far outside REGISTRY_PROVINCE_EXTENT a position may lie, degrees (0.1° ≈ 11 km). */
  REGISTRY_PROVINCE_MARGIN_DEG: z.coerce.number({ message: 'must be a number of degrees' }).min(0).max(10).default(DEFAULT_PROVINCE_MARGIN_DEG),
  /** Largest bulk import, in data rows. */
  REGISTRY_IMPORT_MAX_ROWS: envInt(20_000, 1, 200_000),
  /** How often silent devices are looked for. */
  REGISTRY_SWEEP_INTERVAL_MS: envInt(1000, 50, 60_000),
  /** Sign-in throttling (decision 0019): failures of one username, and of one address, before a lockout. */
  REGISTRY_SIGNIN_MAX_FAILURES_PER_USER: envInt(5, 1, 1000),
  REGISTRY_SIGNIN_MAX_FAILURES_PER_ADDRESS: envInt(20, 1, 100_000),
  /** Seconds over which failed sign-ins are counted, and seconds a lockout lasts. */
  REGISTRY_SIGNIN_WINDOW_S: envInt(900, 1, 86_400),
  REGISTRY_SIGNIN_LOCKOUT_S: envInt(900, 1, 86_400),
  /** Most messages taken from JetStream and written to Postgres in one transaction. */
  REGISTRY_BATCH_SIZE: envInt(500, 1, 5000),
  /** How often each copy looks at the other copies and rebalances the partitions it owns (decision 0024). */
  REGISTRY_PARTITION_INTERVAL_MS: envInt(1000, 100, 60_000),
  /** How often the registry says it is monitoring (docs/availability.md); a silence over 3 intervals is "no data". */
  MONITORING_BEAT_INTERVAL_MS: envInt(10_000, 100, 600_000),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
