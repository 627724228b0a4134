import { hostname } from 'node:os';
import { z } from 'zod';
import { commonEnv, envInt, envUrl, httpEnv, natsEnv } from '@ioc/platform';

/** A comma-separated list; empty entries are dropped, so "" is the empty list. */
const envList = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

/** Frigate's HTTP root for snapshot links; `{areaCode}` and `{gatewayId}` are filled in per gateway. */
const snapshotBaseUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .refine((v) => {
    if (v === undefined) return true;
    try {
      const url = new URL(v.replaceAll('{areaCode}', 'AREA').replaceAll('{gatewayId}', 'GW'));
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL, optionally with {areaCode} and {gatewayId}, e.g. http://{gatewayId}.gw.local:5000');

export const ingestConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3002),
  ...natsEnv,
  MQTT_URL: envUrl('mqtt://127.0.0.1:18830', ['mqtt:', 'mqtts:']),
  MQTT_USERNAME: z.string().min(1, 'the ingest needs its MQTT username'),
  MQTT_PASSWORD: z.string().min(1, 'the ingest needs its MQTT password'),
  MQTT_TOPIC_ROOT: z.string().min(1).default('city'),
  /** All ingest copies share this group: the broker gives each message to one of them. */
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('ingest'),
  /** Stable per copy: the broker keeps this session's queue while the copy restarts. */
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]+$/).default(`ingest-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`),
  /** MQTT sessions per process reading every gateway topic (decision 0023). */
  MQTT_CONNECTIONS: envInt(4, 1, 64),
  /**
   * Messages a session has in hand at once, not yet acknowledged (its MQTT receiveMaximum):
   * the JetStream publishes in flight are at most this times the sessions.
   */
  MQTT_IN_FLIGHT: envInt(100, 1, 65_535),
  /** Sessions per process that read only the alarm topics (events, Frigate, ONVIF), in the group `<MQTT_SHARE_GROUP>-alarms`. */
  MQTT_ALARM_CONNECTIONS: envInt(2, 1, 16),
  /**
   * After an alarm (an event that raises an incident) arrives, the bulk sessions take no new
   * message for this long, so that the alarm crosses the pipeline on free cores (decision
   * 0028); 0: never held.
   */
  INGEST_ALARM_WINDOW_MS: envInt(300, 0, 5000),
  /**
   * How long JetStream remembers a device message's id and drops a repeat (decision 0004):
   * the device stream's duplicate window, which the NATS server keeps in memory.
   */
  INGEST_DEDUPE_WINDOW_S: envInt(600, 60, 24 * 3600),
  RAW_RETENTION_DAYS: envInt(7, 1, 365),
  // Adapters (docs/device-protocol.md, "Adapters: Frigate and ONVIF").
  /** How long an answer of the registry about a Frigate camera, "not registered" included, is used. */
  FRIGATE_CAMERA_CACHE_TTL_S: envInt(60, 0, 86_400),
  /** How long one Frigate camera lookup may take, retries included, before the message is rejected. */
  FRIGATE_LOOKUP_TIMEOUT_MS: envInt(3000, 100, 60_000),
  FRIGATE_INTRUSION_LABELS: envList('person'),
  /** Zone-name fragments, case-insensitive; `*` is any zone. */
  FRIGATE_INTRUSION_ZONES: envList('*'),
  FRIGATE_PARKING_LABELS: envList('car,truck,bus,motorcycle'),
  FRIGATE_PARKING_ZONES: envList('no_parking'),
  FRIGATE_SNAPSHOT_BASE_URL: snapshotBaseUrl,
  /** How often ingest says it is monitoring (docs/availability.md); a silence over 3 intervals is "no data". */
  MONITORING_BEAT_INTERVAL_MS: envInt(10_000, 100, 600_000),
});
export type IngestConfig = z.infer<typeof ingestConfigSchema>;
