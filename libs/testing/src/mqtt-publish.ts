// Publishing as a gateway would, with the plain mosquitto_pub client.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { MqttCredentials } from './test-context';

const run = promisify(execFile);

export interface PublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
  username?: string;
  password?: string;
}

export async function mosquittoPub(creds: MqttCredentials, topic: string, payload: string | Buffer, options: PublishOptions = {}): Promise<void> {
  const url = new URL(creds.url);
  const args = ['-V', 'mqttv5', '-h', url.hostname, '-p', url.port || '1883', '-q', String(options.qos ?? 1), '-t', topic];
  args.push('-u', options.username ?? creds.gatewayUsername, '-P', options.password ?? creds.gatewayPassword);
  if (options.retain) args.push('-r');
  if (Buffer.isBuffer(payload)) {
    // Large or binary payloads go through stdin (-s) rather than argv.
    const child = execFile('mosquitto_pub', [...args, '-s']);
    const done = new Promise<void>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited with ${code}`)))),
    );
    child.stdin?.end(payload);
    return done;
  }
  await run('mosquitto_pub', [...args, '-m', payload]);
}
