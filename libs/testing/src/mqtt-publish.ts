// Publishing as a gateway would, with the plain mosquitto_pub client. The login goes in
// mosquitto_pub's own config file (read from $XDG_CONFIG_HOME/mosquitto_pub), never on its
// command line, where `ps` shows it to everyone (issue 13).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MqttCredentials } from './test-context';
import { inheritedEnv } from './test.config';

const run = promisify(execFile);

/** One private config directory per login, removed when the process exits. */
const loginDirs = new Map<string, string>();
function loginConfig(username: string, password: string): string {
  const key = `${username}\n${password}`;
  let dir = loginDirs.get(key);
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'ioc-mqtt-login-'));
    writeFileSync(join(dir, 'mosquitto_pub'), `-u ${username}\n-P ${password}\n`, { mode: 0o600 });
    if (loginDirs.size === 0) process.once('exit', () => loginDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    loginDirs.set(key, dir);
  }
  return dir;
}

export interface PublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
  username?: string;
  password?: string;
}

export async function mosquittoPub(creds: MqttCredentials, topic: string, payload: string | Buffer, options: PublishOptions = {}): Promise<void> {
  const url = new URL(creds.url);
  const args = ['-V', 'mqttv5', '-h', url.hostname, '-p', url.port || '1883', '-q', String(options.qos ?? 1), '-t', topic];
  const env = { ...inheritedEnv(), XDG_CONFIG_HOME: loginConfig(options.username ?? creds.gatewayUsername, options.password ?? creds.gatewayPassword) };
  if (options.retain) args.push('-r');
  if (Buffer.isBuffer(payload)) {
    // Large or binary payloads go through stdin (-s) rather than argv.
    const child = execFile('mosquitto_pub', [...args, '-s'], { env });
    const done = new Promise<void>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited with ${code}`)))),
    );
    child.stdin?.end(payload);
    return done;
  }
  await run('mosquitto_pub', [...args, '-m', payload], { env });
}
