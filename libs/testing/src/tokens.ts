// Access tokens for tests that are not about logging in: signed with the run's secret,
// exactly as the api signs them.
import type { Actor, AreaScope, Role } from '@ioc/contracts';
import { signAccessToken } from '@ioc/platform';

/** The JWT_SECRET every app of a test run is started with (see commonEnv). */
export const TEST_JWT_SECRET = 'test-secret-of-the-ioc-platform-0123456789';

export function testActor(role: Role = 'admin', scope: Partial<AreaScope> = { all: true }, username = `test-${role}`): Actor {
  return { userId: `user-${username}`, username, role, scope: { all: false, areas: [], districts: [], ...scope } };
}

export function testToken(role: Role = 'admin', scope: Partial<AreaScope> = { all: true }, ttlS = 3600): string {
  return signAccessToken(TEST_JWT_SECRET, testActor(role, scope), ttlS);
}
