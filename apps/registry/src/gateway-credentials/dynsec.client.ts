// Per-gateway MQTT credentials (DESIGN.md §3) through Mosquitto's dynamic-security plugin:
// connects as the broker's admin and sends commands as JSON to $CONTROL/dynamic-security/v1,
// matching each answer on $CONTROL/dynamic-security/v1/response by its correlationData.
//
// What Mosquitto 2.0.11 does (dynsec.client.int-spec.ts checks what this client relies on;
// disableClient and addRoleACL were tried by hand):
// - setClientPassword, modifyClient, disableClient and deleteClient each disconnect every
//   session of that username at once (DISCONNECT 0x98 "administrative action", sent before
//   the command's answer), so no explicit kick is needed.
// - addRoleACL does not disconnect anyone; ACLs are evaluated on every PUBLISH and
//   SUBSCRIBE, so a changed role applies to connected sessions from the next packet on.
// - `city/DH-TT/GW-01/#` also matches `city/DH-TT/GW-01` itself (MQTT: `#` includes the
//   parent level), but not `city/DH-TT/GW-011/…`.
// - A PUBLISH the ACLs deny is dropped. With MQTT 5 a QoS 1 publisher sees PUBACK 0x87 (Not
//   authorized) and keeps its connection; a QoS 0 publisher, and an MQTT 3.1.1 one (its
//   PUBACK has no reason code), cannot tell.
//   A denied SUBSCRIBE gets SUBACK 0x87.
// - A wrong password, an unknown username and a disabled client are all refused at CONNECT
//   with CONNACK 0x87 (Not authorized), never 0x86.
// - The Last Will is not checked at CONNECT: a will outside the gateway's ACL is accepted
//   and silently dropped when the broker would publish it. A gateway's $presence will sits
//   under its own subtree, so the one publish ACL covers it.
// - Errors come back as {"command", "error", "correlationData"}; mosquitto_ctrl hides them
//   behind exit code 0, which is why this client reads the answers itself.
// - deleteRole on a role a client still holds leaves the client pointing at freed memory:
//   getClient then answers "Internal error" and a later deleteClient crashes the broker
//   (eclipse-mosquitto/mosquitto#2660, seen here on 2.0.11). So a gateway's client is always
//   deleted before its role.
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { LogFields, LogLevel } from '@ioc/platform';

export const DYNSEC_COMMAND_TOPIC = '$CONTROL/dynamic-security/v1';
export const DYNSEC_RESPONSE_TOPIC = '$CONTROL/dynamic-security/v1/response';

/** The error texts of the plugin (2.0.11) this client reacts to. */
const CLIENT_EXISTS = 'Client already exists';
const CLIENT_NOT_FOUND = 'Client not found';
const ROLE_EXISTS = 'Role already exists';
const ROLE_NOT_FOUND = 'Role not found';

export type DynsecErrorCode =
  /** The plugin answered with an `error`. */
  | 'COMMAND_FAILED'
  /** No answer within the timeout (no dynamic-security plugin, or the broker is unreachable). */
  | 'TIMEOUT'
  /** The broker refused the command PUBLISH itself (the login lacks the $CONTROL ACL). */
  | 'PUBLISH_REFUSED'
  /** The username belongs to a client that is not a gateway's (admin, ingest, …). */
  | 'NOT_A_GATEWAY'
  /** connect() was not called, failed, or close() was. */
  | 'NOT_CONNECTED';

export class DynsecError extends Error {
  constructor(
    readonly code: DynsecErrorCode,
    /** The dynamic-security command (or the operation) that failed. */
    readonly command: string,
    /** The plugin's own error text, or what else went wrong. */
    readonly reason: string,
    /** The username or role name the command was about. */
    readonly target?: string,
  ) {
    super(`dynamic-security ${command}${target ? ` "${target}"` : ''} failed: ${reason}`);
    this.name = 'DynsecError';
  }
}

export type DynsecAclType = 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern' | 'unsubscribeLiteral' | 'unsubscribePattern';

export interface DynsecAcl {
  acltype: DynsecAclType;
  topic: string;
  allow: boolean;
  priority?: number;
}

/** One command as the plugin reads it; `correlationData` is added by request(). */
export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  data?: unknown;
  correlationData?: string;
}

export interface DynsecClientInfo {
  username: string;
  roles: { rolename: string; priority?: number }[];
  groups: { groupname: string; priority?: number }[];
  disabled?: boolean;
}

export interface DynsecRoleInfo {
  rolename: string;
  acls: DynsecAcl[];
}

export type DynsecLogger = (level: LogLevel, msg: string, fields: LogFields) => void;

export interface DynsecClientOptions {
  /** The broker, e.g. mqtt://127.0.0.1:18830. */
  url: string;
  /** A dynsec client allowed to publish and subscribe $CONTROL/dynamic-security/# (the admin). */
  username: string;
  password: string;
  clientId?: string;
  /** How long to wait for the connection and for each answer; default 5000 ms. */
  timeoutMs?: number;
  logger?: DynsecLogger;
}

interface Pending {
  command: string;
  target?: string;
  resolve: (response: DynsecResponse) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** The role holding a gateway's ACLs: one role per gateway, named after its username. */
export function gatewayRoleName(username: string): string {
  return `gateway-${username}`;
}

/**
 * The ACLs of a gateway's role. Explicit denies below the one allow keep the role tight even
 * if someone loosens the broker's defaultACLAccess (deploy/mosquitto/dynsec-setup.sh leaves
 * the plugin's default: publishClientSend and subscribe denied, publishClientReceive and
 * unsubscribe allowed). Higher priority is checked first.
 */
export function gatewayAcls(publishFilter: string): DynsecAcl[] {
  return [
    { acltype: 'publishClientSend', topic: publishFilter, allow: true, priority: 1 },
    { acltype: 'publishClientSend', topic: '#', allow: false, priority: 0 },
    { acltype: 'subscribePattern', topic: '#', allow: false, priority: 0 },
  ];
}

/** `city/{areaCode}/{gatewayId}/#`-like: literal levels, then one trailing `#`. */
function assertPublishFilter(publishFilter: string): void {
  const levels = publishFilter.split('/');
  const ok =
    levels.length >= 2 &&
    levels[levels.length - 1] === '#' &&
    !publishFilter.startsWith('$') &&
    levels.slice(0, -1).every((level) => level.length > 0 && !level.includes('#') && !level.includes('+'));
  if (!ok) throw new TypeError(`publishFilter "${publishFilter}" must be literal topic levels followed by "/#", e.g. city/DH-TT/GW-DH-TT-01/#`);
}

function assertNonEmpty(what: string, value: string): void {
  if (!value) throw new TypeError(`${what} must not be empty`);
}

export class DynsecClient {
  private client?: MqttClient;
  private readonly pending = new Map<string, Pending>();
  private readonly clientId: string;
  private readonly timeoutMs: number;
  private readonly log: DynsecLogger;
  private sequence = 0;
  /** Gateway operations run one after another, so two of them never interleave their steps. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DynsecClientOptions) {
    this.clientId = opts.clientId ?? `ioc-dynsec-${randomBytes(4).toString('hex')}`;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.log = opts.logger ?? (() => undefined);
  }

  /** Connects, subscribes to the answers, and resolves once both are done (or fails within the timeout). */
  async connect(): Promise<void> {
    if (this.client) throw new DynsecError('NOT_CONNECTED', 'connect', 'connect() was already called');
    const client = mqtt.connect(this.opts.url, {
      clientId: this.clientId,
      username: this.opts.username,
      password: this.opts.password,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: this.timeoutMs,
      // Subscribed on every (re)connect below, and only then.
      resubscribe: false,
    });
    this.client = client;
    let first: { resolve: () => void; reject: (err: Error) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => (first = { resolve, reject }));
    const deadline = setTimeout(() => first?.reject(new Error(`not connected and subscribed within ${this.timeoutMs} ms`)), this.timeoutMs);
    client.on('message', (topic, payload) => {
      if (topic === DYNSEC_RESPONSE_TOPIC) this.onResponse(payload);
    });
    client.on('error', (err) => {
      // Before the first connection an error fails connect(); later ones (a reconnect refused,
      // a dropped socket) are logged, and the requests waiting meanwhile time out.
      if (first) first.reject(err);
      else this.log('error', 'dynsec admin session error', { clientId: this.clientId, error: err.message });
    });
    client.on('offline', () => this.log('warn', 'dynsec admin session offline', { clientId: this.clientId }));
    client.on('connect', () => {
      client.subscribe(DYNSEC_RESPONSE_TOPIC, { qos: 1 }, (err, granted) => {
        const code = granted?.[0]?.qos;
        if (err || code === undefined || code >= 0x80) {
          const reason = `cannot subscribe ${DYNSEC_RESPONSE_TOPIC}: ${err ? err.message : `SUBACK reason ${code}`}`;
          if (first) first.reject(new Error(reason));
          else this.log('error', 'dynsec: the broker refused the answers subscription', { clientId: this.clientId, error: reason });
          return;
        }
        this.log('info', 'dynsec admin session connected', { clientId: this.clientId });
        first?.resolve();
      });
    });
    try {
      await ready;
    } catch (err) {
      this.client = undefined;
      await client.endAsync(true);
      throw new DynsecError('NOT_CONNECTED', 'connect', `${this.opts.url} as "${this.opts.username}": ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(deadline);
      first = undefined;
    }
  }

  /** Whether the admin session is up right now (for /health); requests fail fast while it is not. */
  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Fails the requests still waiting and closes the connection. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new DynsecError('NOT_CONNECTED', p.command, 'the client was closed before the broker answered', p.target));
    }
    if (client) await client.endAsync();
  }

  /**
   * Sends one command and resolves with its answer; an answer carrying `error` rejects with
   * a DynsecError (COMMAND_FAILED), no answer within the timeout with one coded TIMEOUT.
   * Safe to call concurrently: answers are matched by correlationData.
   */
  async request(command: DynsecCommand): Promise<DynsecResponse> {
    const client = this.client;
    const target = typeof command.username === 'string' ? command.username : typeof command.rolename === 'string' ? command.rolename : undefined;
    if (!client) throw new DynsecError('NOT_CONNECTED', command.command, 'call connect() first', target);
    // mqtt.js would queue the PUBLISH until it reconnects, and a command timed out here could
    // then still run minutes later (an old password set after a newer one): fail now instead.
    if (!client.connected) throw new DynsecError('NOT_CONNECTED', command.command, `the connection to ${this.opts.url} is down (reconnecting)`, target);
    const id = `${this.clientId}:${++this.sequence}`;
    const answer = new Promise<DynsecResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new DynsecError(
            'TIMEOUT',
            command.command,
            `no answer on ${DYNSEC_RESPONSE_TOPIC} within ${this.timeoutMs} ms (broker unreachable, or no dynamic-security plugin loaded)`,
            target,
          ),
        );
      }, this.timeoutMs);
      this.pending.set(id, { command: command.command, target, resolve, reject, timer });
    });
    this.log('debug', 'dynsec command', { command: command.command, target, correlationData: id });
    try {
      await client.publishAsync(DYNSEC_COMMAND_TOPIC, JSON.stringify({ commands: [{ ...command, correlationData: id }] }), { qos: 1 });
    } catch (err) {
      const p = this.pending.get(id);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(id);
      }
      // The answer promise is dropped: it never settles once removed from `pending`.
      throw new DynsecError('PUBLISH_REFUSED', command.command, `the broker refused the command: ${err instanceof Error ? err.message : String(err)}`, target);
    }
    return answer;
  }

  /** The client, or undefined when there is none with that username. */
  async getClient(username: string): Promise<DynsecClientInfo | undefined> {
    const response = await this.requestAllowing({ command: 'getClient', username }, CLIENT_NOT_FOUND);
    return response ? (response.data as { client: DynsecClientInfo }).client : undefined;
  }

  /** The role, or undefined when there is none with that name. */
  async getRole(rolename: string): Promise<DynsecRoleInfo | undefined> {
    const response = await this.requestAllowing({ command: 'getRole', rolename }, ROLE_NOT_FOUND);
    return response ? (response.data as { role: DynsecRoleInfo }).role : undefined;
  }

  /**
   * Creates (or replaces) the gateway's client and role: it may publish under `publishFilter`
   * (its $presence Last Will included) and nothing else, and may not subscribe. Re-issuing for
   * the same username sets the new password and filter and disconnects the old sessions.
   */
  async issueGatewayCredentials(username: string, password: string, publishFilter: string): Promise<void> {
    assertNonEmpty('username', username);
    assertNonEmpty('password', password);
    assertPublishFilter(publishFilter);
    return this.exclusive(async () => {
      const existing = await this.getClient(username);
      if (existing) this.assertGatewayClient('issueGatewayCredentials', existing);
      const rolename = gatewayRoleName(username);
      const acls = gatewayAcls(publishFilter);
      // modifyRole replaces the whole ACL list in one step.
      if (!(await this.requestAllowing({ command: 'createRole', rolename, acls }, ROLE_EXISTS))) {
        await this.request({ command: 'modifyRole', rolename, acls });
      }
      const roles = [{ rolename, priority: 0 }];
      const created = !existing && (await this.requestAllowing({ command: 'createClient', username, password, roles }, CLIENT_EXISTS));
      if (!created) {
        // Replaces password and roles and disconnects the sessions using the old password.
        await this.request({ command: 'modifyClient', username, password, roles });
        if (existing?.disabled) await this.request({ command: 'enableClient', username });
      }
      this.log('info', created ? 'gateway credentials issued' : 'gateway credentials re-issued', { username, publishFilter });
    });
  }

  /** Sets a new password; sessions logged in with the old one are disconnected at once. */
  async rotateGatewayPassword(username: string, password: string): Promise<void> {
    assertNonEmpty('username', username);
    assertNonEmpty('password', password);
    return this.exclusive(async () => {
      const existing = await this.getClient(username);
      if (!existing) throw new DynsecError('COMMAND_FAILED', 'setClientPassword', CLIENT_NOT_FOUND, username);
      this.assertGatewayClient('rotateGatewayPassword', existing);
      await this.request({ command: 'setClientPassword', username, password });
      this.log('info', 'gateway password rotated', { username });
    });
  }

  /**
   * Deletes the gateway's client, then its role: its sessions are disconnected at once and its
   * credentials refused from then on. Revoking a gateway that has none is not an error.
   */
  async revokeGatewayCredentials(username: string): Promise<void> {
    assertNonEmpty('username', username);
    return this.exclusive(async () => {
      const existing = await this.getClient(username);
      if (existing) this.assertGatewayClient('revokeGatewayCredentials', existing);
      // Client first: deleting a role a client still holds corrupts the plugin (see header).
      const deletedClient = await this.requestAllowing({ command: 'deleteClient', username }, CLIENT_NOT_FOUND);
      const deletedRole = await this.requestAllowing({ command: 'deleteRole', rolename: gatewayRoleName(username) }, ROLE_NOT_FOUND);
      this.log('info', 'gateway credentials revoked', { username, deletedClient: Boolean(deletedClient), deletedRole: Boolean(deletedRole) });
    });
  }

  /** Like request(), but the one expected error resolves with undefined instead of throwing. */
  private async requestAllowing(command: DynsecCommand, expectedError: string): Promise<DynsecResponse | undefined> {
    try {
      return await this.request(command);
    } catch (err) {
      if (err instanceof DynsecError && err.code === 'COMMAND_FAILED' && err.reason === expectedError) return undefined;
      throw err;
    }
  }

  /** Refuses to touch a client holding anything but its own gateway role (admin, ingest, …). */
  private assertGatewayClient(operation: string, client: DynsecClientInfo): void {
    const own = gatewayRoleName(client.username);
    const foreign = [...client.roles.map((r) => r.rolename).filter((r) => r !== own), ...client.groups.map((g) => `group ${g.groupname}`)];
    if (foreign.length) {
      throw new DynsecError('NOT_A_GATEWAY', operation, `the client exists and is not a gateway's (it holds ${foreign.join(', ')}); left unchanged`, client.username);
    }
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private onResponse(payload: Buffer): void {
    let responses: unknown;
    try {
      responses = (JSON.parse(payload.toString('utf8')) as { responses?: unknown }).responses;
    } catch {
      this.log('warn', 'dynsec: unreadable answer ignored', { excerpt: payload.subarray(0, 200).toString('utf8') });
      return;
    }
    if (!Array.isArray(responses)) return;
    for (const response of responses as DynsecResponse[]) {
      // Answers to other admins (mosquitto_ctrl, another registry) share the topic.
      const id = response?.correlationData;
      if (typeof id !== 'string') continue;
      const p = this.pending.get(id);
      if (!p) {
        if (id.startsWith(`${this.clientId}:`)) this.log('warn', 'dynsec: answer after the request timed out', { command: response.command, error: response.error });
        continue;
      }
      clearTimeout(p.timer);
      this.pending.delete(id);
      if (response.error !== undefined) {
        this.log('debug', 'dynsec command failed', { command: p.command, target: p.target, error: response.error });
        p.reject(new DynsecError('COMMAND_FAILED', response.command ?? p.command, response.error, p.target));
      } else {
        p.resolve(response);
      }
    }
  }
}
