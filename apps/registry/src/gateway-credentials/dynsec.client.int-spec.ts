// Per-gateway credentials against the project's real Mosquitto 2.0.11 (deploy/local/services.sh):
// what a gateway with issued credentials may and may not do, and what rotating and revoking
// do to a session that is connected at that moment. Every username, role and topic carries
// this run's id; afterAll deletes the clients and roles the run created.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { createTestContext, freePort, nextEvent, waitFor, type TestContext } from '@ioc/testing';
import { DynsecClient, DynsecError, gatewayRoleName } from './dynsec.client';
import { generateGatewayPassword } from './gateway-password';

const NOT_AUTHORIZED = 0x87;
const BAD_CREDENTIALS = 0x86;
const ADMINISTRATIVE_ACTION = 0x98;

let ctx: TestContext;
let dynsec: DynsecClient;
let observer: MqttClient;
const seen: { topic: string; payload: string }[] = [];
const openClients: MqttClient[] = [];
const gatewayUsers = new Set<string>();
const otherUsers = new Set<string>();
let connections = 0;
const logged: string[] = [];
const passwords: string[] = [];

function newPassword(): string {
  const password = generateGatewayPassword();
  passwords.push(password);
  return password;
}

beforeAll(async () => {
  ctx = await createTestContext();
  dynsec = new DynsecClient({
    url: ctx.mqtt.url,
    username: ctx.mqtt.adminUsername,
    password: ctx.mqtt.adminPassword,
    clientId: `${ctx.id}-dynsec`,
    logger: (level, msg, fields) => logged.push(JSON.stringify({ level, msg, ...fields })),
  });
  await dynsec.connect();
  expect(dynsec.connected).toBe(true);
  // The test-gateways login may subscribe to anything (deploy/mosquitto/dynsec-setup.sh); it
  // watches this run's whole prefix, so a publish that leaks anywhere under it shows up.
  observer = await mqtt.connectAsync(ctx.mqtt.url, {
    protocolVersion: 5,
    clientId: `${ctx.id}-observer`,
    username: ctx.mqtt.gatewayUsername,
    password: ctx.mqtt.gatewayPassword,
    reconnectPeriod: 0,
  });
  observer.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
  await observer.subscribeAsync(`${ctx.id}/#`, { qos: 1 });
});

afterAll(async () => {
  await Promise.all(openClients.map((c) => c.endAsync(true)));
  await observer?.endAsync();
  // Every step is tried even if one fails, so one failure does not leave the rest on the broker.
  const failures: string[] = [];
  const attempt = (what: string, step: () => Promise<unknown>) => step().catch((err: unknown) => failures.push(`${what}: ${String(err)}`));
  for (const username of gatewayUsers) await attempt(`revoke ${username}`, () => dynsec.revokeGatewayCredentials(username));
  for (const username of otherUsers) await attempt(`delete ${username}`, () => dynsec.request({ command: 'deleteClient', username }));
  await dynsec?.close();
  if (failures.length) throw new Error(`clean-up failed:\n${failures.join('\n')}`);
});

function gateway(name: string): { username: string; filter: (area?: string) => string; topic: (rest: string, area?: string) => string } {
  const username = `${ctx.id}-gw-${name}`;
  gatewayUsers.add(username);
  return {
    username,
    filter: (area = 'DH-TT') => `${ctx.topicRoot}/${area}/GW-${name}/#`,
    topic: (rest, area = 'DH-TT') => `${ctx.topicRoot}/${area}/GW-${name}/${rest}`,
  };
}

async function login(username: string, password: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(ctx.mqtt.url, {
    protocolVersion: 5,
    clientId: `${ctx.id}-c${++connections}`,
    username,
    password,
    reconnectPeriod: 0,
    ...options,
  });
  // A kicked session may still report a socket error; the assertions look at 'close'.
  client.on('error', () => undefined);
  openClients.push(client);
  return client;
}

/** The CONNACK reason code of a refused login, or 'accepted'. */
async function loginRefusal(username: string, password: string): Promise<number | 'accepted'> {
  try {
    const client = await login(username, password);
    await client.endAsync();
    return 'accepted';
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

/** Resolves when the broker closes `client` (with the DISCONNECT reason, if it sent one); fails after `timeoutMs`. */
function closing(client: MqttClient, timeoutMs: number): Promise<{ reasonCode?: number }> {
  let reasonCode: number | undefined;
  client.on('disconnect', (packet) => (reasonCode = packet.reasonCode));
  const closed = nextEvent<void>(
    (handler) => {
      client.on('close', handler);
      return () => client.off('close', handler);
    },
    () => true,
    timeoutMs,
    'the broker closing the session',
  );
  return closed.then(() => ({ reasonCode }));
}

/** Waits until the observer has received `payload` on `topic`. */
function arrival(topic: string, payload: string): Promise<true> {
  return waitFor(`"${payload}" on ${topic}`, () => seen.some((m) => m.topic === topic && m.payload === payload), 3000, 20);
}

const publishReason = (client: MqttClient, topic: string, payload: string, options: { retain?: boolean } = {}) =>
  client.publishAsync(topic, payload, { qos: 1, ...options }).then(
    () => 0,
    (err: { code?: number }) => err.code ?? -1,
  );

describe('gateway credentials through dynamic security', () => {
  it('lets a gateway publish under its own subtree; PUBACK 0x87 and no delivery anywhere else', async () => {
    const a = gateway('A');
    const password = newPassword();
    await dynsec.issueGatewayCredentials(a.username, password, a.filter());
    const client = await login(a.username, password);

    expect(await publishReason(client, a.topic('CAM-1/status'), 'own')).toBe(0);
    await arrival(a.topic('CAM-1/status'), 'own');

    const elsewhere = [
      `${ctx.topicRoot}/DH-TT/GW-B/CAM-1/status`, // another gateway of the same area
      a.topic('CAM-1/status', 'HK-01'), // its own gateway id, another area
      `${ctx.topicRoot}/DH-TT/GW-AB/CAM-1/status`, // a gateway id that starts with its own
      `${ctx.id}/elsewhere`,
    ];
    for (const topic of elsewhere) expect({ topic, reason: await publishReason(client, topic, 'denied') }).toEqual({ topic, reason: NOT_AUTHORIZED });
    // The denied publish does not cost the gateway its connection.
    expect(client.connected).toBe(true);
    // One publisher's messages reach a subscriber in order: once this one is in, any of the
    // denied ones would be too.
    expect(await publishReason(client, a.topic('$presence'), 'marker')).toBe(0);
    await arrival(a.topic('$presence'), 'marker');
    expect(seen.filter((m) => m.payload === 'denied')).toEqual([]);
  });

  it('refuses any subscription by a gateway', async () => {
    const a = gateway('S');
    const password = newPassword();
    await dynsec.issueGatewayCredentials(a.username, password, a.filter());
    const client = await login(a.username, password);
    for (const filter of [a.filter(), `${ctx.id}/#`, '#']) {
      const reason = await client.subscribeAsync(filter, { qos: 1 }).then(
        (granted) => granted[0]?.qos,
        (err: Error) => err.message,
      );
      expect({ filter, reason }).toEqual({ filter, reason: 'Subscribe error: Not authorized' });
    }
  });

  it("publishes the gateway's $presence Last Will, and drops a will outside its subtree", async () => {
    const a = gateway('W');
    const password = newPassword();
    await dynsec.issueGatewayCredentials(a.username, password, a.filter());

    const own = await login(a.username, password, { will: { topic: a.topic('$presence'), payload: Buffer.from('offline'), qos: 1, retain: false } });
    own.stream.destroy();
    await arrival(a.topic('$presence'), 'offline');

    // Mosquitto 2.0.11 accepts a CONNECT whose will its ACLs deny, then drops that will.
    const foreignPresence = `${ctx.topicRoot}/DH-TT/GW-X/$presence`;
    const clientId = `${ctx.id}-will-outside`;
    const spoofer = await login(a.username, password, { clientId, will: { topic: foreignPresence, payload: Buffer.from('offline'), qos: 1, retain: false } });
    spoofer.stream.destroy();
    // A new CONNECT with the same client id is answered only after the old session (and its
    // will) is dealt with, so the marker published afterwards trails any will.
    const after = await login(a.username, password, { clientId });
    expect(await publishReason(after, a.topic('$presence'), 'after-spoof')).toBe(0);
    await arrival(a.topic('$presence'), 'after-spoof');
    expect(seen.filter((m) => m.topic === foreignPresence)).toEqual([]);
  });

  it('refuses a wrong password and an unknown username at CONNECT', async () => {
    const a = gateway('P');
    await dynsec.issueGatewayCredentials(a.username, newPassword(), a.filter());
    // Mosquitto 2.0.11 answers 0x87 (Not authorized) to both, never 0x86.
    expect([BAD_CREDENTIALS, NOT_AUTHORIZED]).toContain(await loginRefusal(a.username, newPassword()));
    expect([BAD_CREDENTIALS, NOT_AUTHORIZED]).toContain(await loginRefusal(`${ctx.id}-gw-nobody`, newPassword()));
  });

  it('on rotation disconnects the session using the old password at once and refuses the old password', async () => {
    const a = gateway('R');
    const oldPassword = newPassword();
    const rotated = newPassword();
    await dynsec.issueGatewayCredentials(a.username, oldPassword, a.filter());
    const session = await login(a.username, oldPassword);
    const closed = closing(session, 2000);

    await dynsec.rotateGatewayPassword(a.username, rotated);

    expect(await closed).toEqual({ reasonCode: ADMINISTRATIVE_ACTION });
    expect(await loginRefusal(a.username, oldPassword)).toBe(NOT_AUTHORIZED);
    const renewed = await login(a.username, rotated);
    expect(await publishReason(renewed, a.topic('CAM-1/status'), 'after-rotation')).toBe(0);
    await arrival(a.topic('CAM-1/status'), 'after-rotation');
  });

  it('on revocation disconnects a connected session within 2 s and refuses every later login', async () => {
    const a = gateway('V');
    const password = newPassword();
    await dynsec.issueGatewayCredentials(a.username, password, a.filter());
    const session = await login(a.username, password);
    const closed = closing(session, 2000);

    await dynsec.revokeGatewayCredentials(a.username);

    expect(await closed).toEqual({ reasonCode: ADMINISTRATIVE_ACTION });
    expect(await loginRefusal(a.username, password)).toBe(NOT_AUTHORIZED);
    expect(await dynsec.getClient(a.username)).toBeUndefined();
    expect(await dynsec.getRole(gatewayRoleName(a.username))).toBeUndefined();
    // Revoking what is already gone is not an error (a retried request).
    await expect(dynsec.revokeGatewayCredentials(a.username)).resolves.toBeUndefined();
  });

  it('re-issuing for the same gateway replaces its password and subtree and disconnects the old session', async () => {
    const a = gateway('I');
    const first = newPassword();
    const second = newPassword();
    await dynsec.issueGatewayCredentials(a.username, first, a.filter());
    // The same request again (a retry) changes nothing visible.
    await dynsec.issueGatewayCredentials(a.username, first, a.filter());
    const session = await login(a.username, first);
    const closed = closing(session, 2000);

    await dynsec.issueGatewayCredentials(a.username, second, a.filter('HK-01'));

    expect(await closed).toEqual({ reasonCode: ADMINISTRATIVE_ACTION });
    expect(await loginRefusal(a.username, first)).toBe(NOT_AUTHORIZED);
    const client = await login(a.username, second);
    expect(await publishReason(client, a.topic('CAM-1/status'), 'old-subtree')).toBe(NOT_AUTHORIZED);
    expect(await publishReason(client, a.topic('CAM-1/status', 'HK-01'), 'new-subtree')).toBe(0);
    await arrival(a.topic('CAM-1/status', 'HK-01'), 'new-subtree');
    const info = await dynsec.getClient(a.username);
    expect(info?.roles.map((r) => r.rolename)).toEqual([gatewayRoleName(a.username)]);
  });

  it('re-enables a gateway client someone disabled when its credentials are issued again', async () => {
    const a = gateway('D');
    const password = newPassword();
    await dynsec.issueGatewayCredentials(a.username, password, a.filter());
    await dynsec.request({ command: 'disableClient', username: a.username });
    expect(await loginRefusal(a.username, password)).toBe(NOT_AUTHORIZED);

    await dynsec.issueGatewayCredentials(a.username, password, a.filter());

    expect(await loginRefusal(a.username, password)).toBe('accepted');
  });

  it('leaves a client that is not a gateway untouched', async () => {
    const username = `${ctx.id}-not-a-gateway`;
    const password = newPassword();
    otherUsers.add(username);
    await dynsec.request({ command: 'createClient', username, password, roles: [{ rolename: 'test-gateways' }] });

    for (const attempt of [
      () => dynsec.issueGatewayCredentials(username, newPassword(), `${ctx.topicRoot}/DH-TT/GW-Z/#`),
      () => dynsec.rotateGatewayPassword(username, newPassword()),
      () => dynsec.revokeGatewayCredentials(username),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ name: 'DynsecError', code: 'NOT_A_GATEWAY', target: username });
    }
    expect((await dynsec.getClient(username))?.roles.map((r) => r.rolename)).toEqual(['test-gateways']);
    expect(await dynsec.getRole(gatewayRoleName(username))).toBeUndefined();
    expect(await loginRefusal(username, password)).toBe('accepted');
  });

  it("turns the plugin's error answer into a DynsecError naming the command", async () => {
    const nobody = `${ctx.id}-gw-nobody`;
    await expect(dynsec.rotateGatewayPassword(nobody, newPassword())).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      command: 'setClientPassword',
      reason: 'Client not found',
      target: nobody,
    });
    const err = await dynsec.request({ command: 'deleteRole', rolename: `${ctx.id}-no-such-role` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DynsecError);
    expect(err).toMatchObject({ code: 'COMMAND_FAILED', command: 'deleteRole', reason: 'Role not found' });
    expect(String(err)).toContain(`deleteRole "${ctx.id}-no-such-role" failed: Role not found`);
    await expect(dynsec.request({ command: 'noSuchCommand' })).rejects.toMatchObject({ code: 'COMMAND_FAILED', reason: 'Unknown command' });
  });

  it('matches concurrent requests to their own answers', async () => {
    const names = Array.from({ length: 6 }, (_, i) => gateway(`C${i}`));
    const passwords = names.map(() => newPassword());
    await Promise.all(names.map((a, i) => dynsec.issueGatewayCredentials(a.username, passwords[i], a.filter())));
    const lookups = await Promise.all(
      names.flatMap((a) => [dynsec.getClient(a.username), dynsec.getRole(gatewayRoleName(a.username)), dynsec.getClient(`${a.username}-missing`)]),
    );
    names.forEach((a, i) => {
      expect(lookups[3 * i]).toMatchObject({ username: a.username });
      expect(lookups[3 * i + 1]).toMatchObject({ rolename: gatewayRoleName(a.username), acls: expect.arrayContaining([expect.objectContaining({ topic: a.filter(), allow: true })]) });
      expect(lookups[3 * i + 2]).toBeUndefined();
    });
    for (const [i, a] of names.entries()) expect(await loginRefusal(a.username, passwords[i])).toBe('accepted');
  });

  // Last in this block, so it sees the log of everything above.
  it('logs each operation and never a password', async () => {
    expect(logged.some((line) => line.includes('gateway credentials issued'))).toBe(true);
    expect(logged.some((line) => line.includes('gateway password rotated'))).toBe(true);
    expect(logged.some((line) => line.includes('gateway credentials revoked'))).toBe(true);
    expect(passwords.length).toBeGreaterThan(10);
    expect(logged.filter((line) => passwords.some((password) => line.includes(password)))).toEqual([]);
  });

  it('refuses a publish filter that is not one literal subtree', async () => {
    const a = gateway('F');
    for (const filter of ['#', `${ctx.topicRoot}/+/GW-F/#`, `${ctx.topicRoot}/DH-TT/GW-F`, `$SYS/#`, `${ctx.topicRoot}//#`]) {
      await expect(dynsec.issueGatewayCredentials(a.username, newPassword(), filter)).rejects.toThrow(TypeError);
    }
    expect(await dynsec.getClient(a.username)).toBeUndefined();
  });
});

describe('dynsec client failures', () => {
  it('fails connect() clearly when the broker refuses the admin login', async () => {
    const wrong = new DynsecClient({ url: ctx.mqtt.url, username: ctx.mqtt.adminUsername, password: 'wrong', timeoutMs: 2000 });
    await expect(wrong.connect()).rejects.toMatchObject({ code: 'NOT_CONNECTED', message: expect.stringMatching(/Not authorized/) });
  });

  it('reports a command the login may not send as refused, not as a timeout', async () => {
    // test-gateways may publish to `#`, which does not reach $CONTROL/….
    const notAdmin = new DynsecClient({ url: ctx.mqtt.url, username: ctx.mqtt.gatewayUsername, password: ctx.mqtt.gatewayPassword, timeoutMs: 2000 });
    await notAdmin.connect();
    try {
      await expect(notAdmin.request({ command: 'listClients' })).rejects.toMatchObject({ code: 'PUBLISH_REFUSED', command: 'listClients' });
    } finally {
      await notAdmin.close();
    }
  });

  describe('against a broker without the dynamic-security plugin', () => {
    let broker: ChildProcess;
    let dir: string;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      dir = mkdtempSync(join(tmpdir(), `${ctx.id}-mosquitto-`));
      writeFileSync(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\n`);
      broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
      url = `mqtt://127.0.0.1:${port}`;
      await waitFor(
        'the plain broker listening',
        () =>
          new Promise<boolean>((resolve) => {
            const socket = tcpConnect(port, '127.0.0.1', () => {
              socket.destroy();
              resolve(true);
            }).on('error', () => resolve(false));
          }),
        5000,
      );
    });

    afterAll(() => {
      broker?.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('times out with an error naming the command and the wait', async () => {
      const client = new DynsecClient({ url, username: 'anyone', password: 'anything', timeoutMs: 300 });
      await client.connect();
      try {
        const started = Date.now();
        const err = await client.request({ command: 'getClient', username: 'x' }).catch((e: unknown) => e);
        expect(err).toMatchObject({ name: 'DynsecError', code: 'TIMEOUT', command: 'getClient' });
        expect(String(err)).toMatch(/no answer .* within 300 ms/);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(Date.now() - started).toBeLessThan(2000);
      } finally {
        await client.close();
      }
    });
  });
});
