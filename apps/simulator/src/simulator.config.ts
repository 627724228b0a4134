// The simulator's configuration, and its one reader of the environment: command-line
// options `--key value` (or `--key=value`) with environment fallbacks for the broker URL
// and credentials. Parsing is pure (the environment and the file reader are parameters)
// so it is unit tested; main.ts turns an error into a message on stderr and exit code 2.
// The password is never an option: anything on a command line is visible to every user
// of the machine in `ps` (issue 13), so it comes from the environment or from a file.

export interface SimulatorOptions {
  url: string;
  username?: string;
  password?: string;
  /** Topic root, `city` in production; tests may put a prefix in front (`run-42/city`). */
  root: string;
  devicesPerArea: number;
  /** Use only the first N key areas; undefined for all. */
  areas?: number;
  heartbeatS: number;
  telemetryS: number;
  /** Target total messages per second; overrides the heartbeat spacing. */
  rate?: number;
  /** Stop after this many seconds; undefined to run until interrupted. */
  durationS?: number;
  outages: boolean;
  seed: string;
  /** MQTT client ids are `{clientPrefix}-{gatewayId}`; two simulators on one broker need different prefixes. */
  clientPrefix: string;
  /** Appends `{gatewayId}.{deviceId}.{id}` of every message the broker acknowledged to this file (the bench's per-id loss check). */
  ackedLog?: string;
}

export type ParseOutcome = { kind: 'run'; options: SimulatorOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export type Env = Record<string, string | undefined>;

export const DEFAULT_URL = 'mqtt://127.0.0.1:18830';
const URL_PROTOCOLS = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];

export const USAGE = `Usage: node dist/apps/simulator/src/main.js [options]

Simulates the camera and traffic-sensor gateways of the demo province (Quảng Bình):
one MQTT 5 connection per gateway publishing status heartbeats, traffic telemetry,
analytics events and occasional outages under {root}/{areaCode}/{gatewayId}/...

Options:
  --url URL               broker URL (env MQTT_URL, default ${DEFAULT_URL})
  --username NAME         gateway username (env MQTT_DEMO_GATEWAY_USERNAME)
  --password-file PATH    file holding the gateway password (its first line); else the
                          environment variable MQTT_DEMO_GATEWAY_PASSWORD. There is no
                          --password: a command line is visible to everyone in \`ps\`.
  --root TOPIC            topic root (default city)
  --devices-per-area N    cameras and traffic sensors per key area, 1-999 (default 8)
  --areas N               simulate only the first N key areas (default all)
  --heartbeat-s S         seconds between status heartbeats per device (default 30)
  --telemetry-s S         seconds between traffic telemetry reports, whole seconds (default 60)
  --rate R                target total messages per second; overrides --heartbeat-s (load tests)
  --duration-s S          stop after S seconds (default: run until SIGINT/SIGTERM)
  --outages on|off        simulate device, gateway and camera outages (default on)
  --seed TEXT             seed for the simulated behaviour (default: time-based, logged at start)
  --client-prefix TEXT    MQTT client ids are TEXT-{gatewayId} (default sim)
  --acked-log FILE        append {gatewayId}.{deviceId}.{id} of every acknowledged device
                          message to FILE, one a line (the ids ingest stores them under)
  -h, --help              print this help and exit

Logs one JSON line per notable event and a summary every 10 s to stdout.
Exit codes: 0 after a clean stop, 1 on a fatal broker error, 2 on invalid options.`;

type Key =
  | 'url'
  | 'username'
  | 'password-file'
  | 'root'
  | 'devices-per-area'
  | 'areas'
  | 'heartbeat-s'
  | 'telemetry-s'
  | 'rate'
  | 'duration-s'
  | 'outages'
  | 'seed'
  | 'client-prefix'
  | 'acked-log';
const KEYS: readonly Key[] = [
  'url',
  'username',
  'password-file',
  'root',
  'devices-per-area',
  'areas',
  'heartbeat-s',
  'telemetry-s',
  'rate',
  'duration-s',
  'outages',
  'seed',
  'client-prefix',
  'acked-log',
];

class OptionError extends Error {}

/** Reads a file's text (main.ts passes fs.readFileSync); throws with the system's reason. */
export type ReadFile = (path: string) => string;

/** The options of this process: its arguments and its environment (the one place the simulator reads it). */
export function parseProcessOptions(argv: readonly string[], readFile: ReadFile): ParseOutcome {
  return parseOptions(argv, process.env, Date.now, readFile);
}

export function parseOptions(argv: readonly string[], env: Env = process.env, now: () => number = Date.now, readFile?: ReadFile): ParseOutcome {
  try {
    const raw = readArgs(argv);
    if (raw === 'help') return { kind: 'help' };
    return { kind: 'run', options: validate(raw, env, now, readFile) };
  } catch (error) {
    if (error instanceof OptionError) return { kind: 'error', message: error.message };
    throw error;
  }
}

function readArgs(argv: readonly string[]): Partial<Record<Key, string>> | 'help' {
  const raw: Partial<Record<Key, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) throw new OptionError(`unexpected argument "${arg}": options are written --key value`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (name === 'password') {
      throw new OptionError('--password is not accepted (a command line is visible to everyone in `ps`): set MQTT_DEMO_GATEWAY_PASSWORD or give --password-file PATH');
    }
    if (!(KEYS as readonly string[]).includes(name)) throw new OptionError(`unknown option --${name}`);
    const key = name as Key;
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new OptionError(`option --${key} needs a value`);
      i++;
    }
    if (raw[key] !== undefined) throw new OptionError(`option --${key} is given twice`);
    raw[key] = value;
  }
  return raw;
}

function passwordFrom(raw: Partial<Record<Key, string>>, env: Env, readFile: ReadFile | undefined): string | undefined {
  const path = raw['password-file'];
  if (path === undefined) return nonEmpty(env.MQTT_DEMO_GATEWAY_PASSWORD);
  if (!readFile) throw new OptionError('--password-file cannot be read here');
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new OptionError(`--password-file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const password = text.split(/\r?\n/)[0];
  if (!password) throw new OptionError(`--password-file ${path} is empty: its first line must be the password`);
  return password;
}

function validate(raw: Partial<Record<Key, string>>, env: Env, now: () => number, readFile: ReadFile | undefined): SimulatorOptions {
  const url = raw.url ?? nonEmpty(env.MQTT_URL) ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OptionError(`--url "${url}" is not a URL (expected e.g. ${DEFAULT_URL})`);
  }
  if (raw.url !== undefined && parsed.password) {
    throw new OptionError('--url must not carry a password (a command line is visible to everyone in `ps`): set MQTT_URL, MQTT_DEMO_GATEWAY_PASSWORD or --password-file');
  }
  if (!URL_PROTOCOLS.includes(parsed.protocol)) {
    throw new OptionError(`--url must start with ${URL_PROTOCOLS.map((p) => p + '//').join(', ')}; got "${parsed.protocol}//"`);
  }

  const username = raw.username ?? nonEmpty(env.MQTT_DEMO_GATEWAY_USERNAME);
  const password = passwordFrom(raw, env, readFile);
  if (password !== undefined && username === undefined) {
    throw new OptionError('a password is set but no username: give --username or MQTT_DEMO_GATEWAY_USERNAME');
  }

  const root = raw.root ?? 'city';
  if (!/^[^+#/\0$][^+#\0]*$/.test(root) || root.endsWith('/') || root.includes('//') || root.length > 200) {
    throw new OptionError(`--root "${root}" is not a topic root: non-empty levels separated by "/", no "+", "#" or leading "$"`);
  }

  const seed = raw.seed ?? now().toString(36);
  if (seed.length === 0 || seed.length > 64) throw new OptionError('--seed must be 1-64 characters');

  const clientPrefix = raw['client-prefix'] ?? 'sim';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(clientPrefix)) throw new OptionError('--client-prefix must be 1-40 of A-Z, a-z, 0-9, "_", "-"');

  const ackedLog = raw['acked-log'];
  if (ackedLog !== undefined && ackedLog.trim() === '') throw new OptionError('--acked-log needs a file name');

  return {
    clientPrefix,
    ackedLog,
    url,
    username,
    password,
    root,
    devicesPerArea: integer(raw, 'devices-per-area', 1, 999) ?? 8,
    areas: integer(raw, 'areas', 1, 10_000),
    heartbeatS: number(raw, 'heartbeat-s', 0.01, 3600) ?? 30,
    telemetryS: integer(raw, 'telemetry-s', 1, 86_400) ?? 60,
    rate: number(raw, 'rate', 0.001, 1_000_000),
    durationS: number(raw, 'duration-s', 0.001, 365 * 86_400),
    outages: onOff(raw.outages) ?? true,
    seed,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function number(raw: Partial<Record<Key, string>>, key: Key, min: number, max: number): number | undefined {
  const text = raw[key];
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new OptionError(`--${key} must be a number from ${min} to ${max}; got "${text}"`);
  }
  return value;
}

function integer(raw: Partial<Record<Key, string>>, key: Key, min: number, max: number): number | undefined {
  const text = raw[key];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new OptionError(`--${key} must be a whole number from ${min} to ${max}; got "${text}"`);
  }
  return Number(text);
}

function onOff(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const value = text.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(value)) return true;
  if (['off', 'false', 'no', '0'].includes(value)) return false;
  throw new OptionError(`--outages must be on or off; got "${text}"`);
}

/** The URL with any password replaced, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
