import { join } from 'node:path';
import { z } from 'zod';
import { commonEnv, envInt, envUrl, httpEnv, jwtEnv, natsEnv } from '@ioc/platform';

export const apiConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3000),
  ...natsEnv,
  ...jwtEnv,
  /** Where browsers reach the realtime app (Socket.IO namespace /ops). */
  REALTIME_PUBLIC_URL: envUrl('http://127.0.0.1:3001', ['http:', 'https:']),
  /**
   * Where gateways reach the project's MQTT broker, shown to a technician beside a gateway's
   * new credentials (the api never connects to it). `npm start` exports MQTT_URL to every app.
   */
  MQTT_URL: envUrl('mqtt://127.0.0.1:18830', ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
  /** Overrides MQTT_URL as the address shown, when gateways reach the broker by another name (a public host, TLS). */
  MQTT_PUBLIC_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^(mqtts?|wss?):\/\/[^/\s]+/.test(v), 'must be empty or a URL starting with mqtt://, mqtts://, ws:// or wss://'),
  /** Lifetime of an access token, seconds (scope and role changes reach a user within it). */
  API_ACCESS_TOKEN_TTL_S: envInt(900, 30, 24 * 3600),
  /** Lifetime of a refresh token, seconds. */
  API_REFRESH_TOKEN_TTL_S: envInt(7 * 24 * 3600, 300, 90 * 24 * 3600),
  /** Largest bulk-import file, bytes (below NATS's max_payload, 1 MiB by default). */
  API_IMPORT_MAX_BYTES: envInt(900_000, 1024, 8 * 1024 * 1024),
  /** The built web app (Vite output) served at /; by default dist/apps/ops-web beside this app. */
  WEB_ROOT: z.string().min(1).default(join(__dirname, '..', '..', 'ops-web')),
  /**
   * A raster tile layer for the web app's map ({z}/{x}/{y} URL), for sites that have a tile
   * server. Empty (the default): the offline basemap shipped with the app, no internet needed.
   */
  WEB_TILE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || (/^https?:\/\//.test(v) && v.includes('{z}') && v.includes('{x}') && v.includes('{y}')), 'must be empty or an http(s) URL with {z}, {x} and {y}'),
  /** Attribution shown on the map for WEB_TILE_URL's tiles. */
  WEB_TILE_ATTRIBUTION: z.string().max(300).default(''),
  /** How long a forwarded request waits for the service that answers it. */
  API_REQUEST_TIMEOUT_MS: envInt(10_000, 100, 120_000),
  /**
   * Which proxies in front of the api to trust for the caller's address (X-Forwarded-For),
   * as Express's `trust proxy`: `false` (the default: the address is the connection's), a
   * number of hops, or a list of addresses/subnets (e.g. `loopback, uniquelocal` behind an
   * ingress). Sign-in is throttled per address: behind a proxy without this, every caller
   * shares the proxy's address.
   */
  API_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v))
    .refine((v) => typeof v !== 'string' || /^[\w.:/, -]+$/.test(v), 'must be false, true, a number of hops, or a comma-separated list of addresses or subnets'),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
