import { DEFAULT_URL, parseOptions, redactUrl, type SimulatorOptions } from './simulator.config';

const now = () => 1_700_000_000_000;
const files: Record<string, string> = { '/run/secrets/sim-password': 's3cret\n', '/empty': '\n' };
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return text;
};
const run = (argv: string[], env: Record<string, string> = {}): SimulatorOptions => {
  const outcome = parseOptions(argv, env, now, readFile);
  if (outcome.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(outcome)}`);
  return outcome.options;
};
const errorOf = (argv: string[], env: Record<string, string> = {}): string => {
  const outcome = parseOptions(argv, env, now, readFile);
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.message;
};

describe('simulator options', () => {
  it('uses the documented defaults when nothing is given', () => {
    expect(run([])).toEqual({
      url: DEFAULT_URL,
      username: undefined,
      password: undefined,
      root: 'city',
      devicesPerArea: 8,
      areas: undefined,
      heartbeatS: 30,
      telemetryS: 60,
      rate: undefined,
      durationS: undefined,
      outages: true,
      seed: now().toString(36),
      clientPrefix: 'sim',
    });
  });

  it('reads every option written as --key value or --key=value', () => {
    expect(
      run([
        '--url=mqtts://broker.example:8883',
        '--username',
        'gw-demo',
        '--password-file',
        '/run/secrets/sim-password',
        '--root',
        'run-42/city',
        '--devices-per-area',
        '12',
        '--areas',
        '3',
        '--heartbeat-s',
        '2.5',
        '--telemetry-s',
        '15',
        '--rate',
        '5000',
        '--duration-s',
        '20',
        '--outages',
        'off',
        '--seed',
        'demo',
        '--client-prefix',
        'run-42',
      ]),
    ).toEqual({
      url: 'mqtts://broker.example:8883',
      username: 'gw-demo',
      password: 's3cret',
      root: 'run-42/city',
      devicesPerArea: 12,
      areas: 3,
      heartbeatS: 2.5,
      telemetryS: 15,
      rate: 5000,
      durationS: 20,
      outages: false,
      seed: 'demo',
      clientPrefix: 'run-42',
    });
  });

  it('rejects a client prefix that is not a valid client id part', () => {
    expect(parseOptions(['--client-prefix', 'a/b'], {}, now)).toMatchObject({ kind: 'error', message: expect.stringContaining('--client-prefix') });
  });

  it('falls back to MQTT_URL and the demo gateway credentials from the environment', () => {
    const env = { MQTT_URL: 'mqtt://10.0.0.5:1883', MQTT_DEMO_GATEWAY_USERNAME: 'demo-gw', MQTT_DEMO_GATEWAY_PASSWORD: 'pw' };
    expect(run([], env)).toMatchObject({ url: 'mqtt://10.0.0.5:1883', username: 'demo-gw', password: 'pw' });
  });

  it('prefers command-line values over the environment', () => {
    const env = { MQTT_URL: 'mqtt://10.0.0.5:1883', MQTT_DEMO_GATEWAY_USERNAME: 'demo-gw' };
    expect(run(['--url', 'mqtt://127.0.0.1:1883', '--username', 'other'], env)).toMatchObject({ url: 'mqtt://127.0.0.1:1883', username: 'other' });
  });

  it('treats an empty environment variable as unset', () => {
    expect(run([], { MQTT_URL: '', MQTT_DEMO_GATEWAY_USERNAME: '' })).toMatchObject({ url: DEFAULT_URL, username: undefined });
  });

  it('asks for help with --help or -h, whatever else is given', () => {
    expect(parseOptions(['--help'])).toEqual({ kind: 'help' });
    expect(parseOptions(['--areas', '2', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--frobnicate', '1'], 'unknown option --frobnicate'],
    [['areas', '3'], 'unexpected argument "areas"'],
    [['--areas'], '--areas needs a value'],
    [['--areas', '--rate', '5'], '--areas needs a value'],
    [['--areas', '2', '--areas', '3'], '--areas is given twice'],
    [['--url', 'http://localhost'], '--url must start with mqtt://'],
    [['--url', 'not a url'], 'is not a URL'],
    [['--devices-per-area', '0'], '--devices-per-area must be a whole number from 1 to 999'],
    [['--devices-per-area', '1000'], '--devices-per-area must be a whole number from 1 to 999'],
    [['--areas', '2.5'], '--areas must be a whole number'],
    [['--heartbeat-s', 'often'], '--heartbeat-s must be a number'],
    [['--heartbeat-s', '0'], '--heartbeat-s must be a number'],
    [['--telemetry-s', '0.5'], '--telemetry-s must be a whole number'],
    [['--rate', '-5'], '--rate must be a number'],
    [['--duration-s', ''], '--duration-s must be a number'],
    [['--outages', 'sometimes'], '--outages must be on or off'],
    [['--root', 'city/#'], '--root "city/#" is not a topic root'],
    [['--root', 'city/'], 'is not a topic root'],
    [['--root', '$SYS'], 'is not a topic root'],
    [['--password-file', '/run/secrets/sim-password'], 'a password is set but no username'],
    [['--username', 'gw', '--password-file', '/nowhere'], '--password-file /nowhere cannot be read: ENOENT'],
    [['--username', 'gw', '--password-file', '/empty'], '--password-file /empty is empty'],
    [['--url', 'mqtt://gw:s3cret@127.0.0.1:18830'], '--url must not carry a password'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(errorOf(argv)).toContain(message);
  });

  it('refuses a password on the command line, where `ps` shows it to everyone, and says where to put it', () => {
    for (const argv of [['--password', 's3cret'], ['--password=s3cret'], ['--username', 'gw', '--password', 's3cret']]) {
      const message = errorOf(argv);
      expect(message).toContain('MQTT_DEMO_GATEWAY_PASSWORD');
      expect(message).toContain('--password-file');
      expect(message).not.toContain('s3cret');
    }
  });

  it('takes a password with its URL from MQTT_URL in the environment, not from --url', () => {
    expect(run([], { MQTT_URL: 'mqtt://gw:s3cret@127.0.0.1:18830' })).toMatchObject({ url: 'mqtt://gw:s3cret@127.0.0.1:18830' });
  });

  it('never puts the password of a URL into logs', () => {
    expect(redactUrl('mqtt://gw:hunter2@127.0.0.1:18830')).toBe('mqtt://gw:***@127.0.0.1:18830');
    expect(redactUrl('mqtt://127.0.0.1:18830')).toBe('mqtt://127.0.0.1:18830');
  });
});
