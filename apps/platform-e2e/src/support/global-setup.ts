// Builds dist/ once before the end-to-end tests run the apps from it. (A missing broker
// setup is reported by each test's context, see mqttCredentials in libs/testing.)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..', '..', '..');
  execFileSync(process.execPath, [join(root, 'tools', 'build.mjs')], { stdio: 'inherit', cwd: root });
}
