// Builds dist/ once before the end-to-end tests run the apps from it, and fails early
// with a clear message when the project's Mosquitto was never set up. (Jest loads this
// file outside the module mapper, so it imports no @ioc/* alias.)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..', '..', '..');
  execFileSync(process.execPath, [join(root, 'tools', 'build.mjs')], { stdio: 'inherit', cwd: root });
  const credentials = join(process.env.IOC_STATE_DIR ?? join(homedir(), '.local', 'state', 'ioc'), 'mqtt-credentials.env');
  if (!existsSync(credentials)) {
    throw new Error(`${credentials} is missing: run "bash deploy/local/services.sh" (npm test does) to start the project's Mosquitto`);
  }
}
