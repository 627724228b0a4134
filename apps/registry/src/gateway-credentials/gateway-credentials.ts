// The registry's session with the project's Mosquitto as its dynamic-security admin, used
// to issue, rotate and revoke gateway credentials. Status keeping does not depend on it:
// the registry starts without the broker and connects as soon as it can; meanwhile
// credential operations answer 503 and /health reports the broker as down.
import { DynsecClient } from './dynsec.client';
import { errorMessage, sleep, type JsonLogger } from '@ioc/platform';
import type { RegistryConfig } from '../registry.config';

export type GatewayCredentialIssuer = Pick<DynsecClient, 'issueGatewayCredentials' | 'revokeGatewayCredentials'>;

const RETRY_MS = 5000;

export class BrokerAdminSession {
  readonly client: DynsecClient;
  private connected = false;
  private stopped = false;

  constructor(config: RegistryConfig, private readonly logger: JsonLogger) {
    this.client = new DynsecClient({
      url: config.MQTT_URL,
      username: config.MQTT_ADMIN_USERNAME,
      password: config.MQTT_ADMIN_PASSWORD,
      clientId: `${config.NATS_PREFIX}-registry-dynsec-${process.pid}`,
      logger: (level, msg, fields) => logger.event(level, msg, fields),
    });
  }

  /** Connects in the background, retrying until it succeeds or the session is closed. */
  start(): void {
    void (async () => {
      while (!this.stopped && !this.connected) {
        try {
          await this.client.connect();
          this.connected = true;
        } catch (e) {
          this.logger.event('warn', 'cannot reach the MQTT broker as its admin; gateway credentials unavailable until then', {
            error: errorMessage(e),
            retryInMs: RETRY_MS,
          });
          await sleep(RETRY_MS);
        }
      }
    })();
  }

  /** For /health. */
  check = async (): Promise<void> => {
    if (!this.client.connected) throw new Error('not connected to the MQTT broker as its admin');
  };

  async close(): Promise<void> {
    this.stopped = true;
    await this.client.close();
  }
}
