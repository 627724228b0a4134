// Ingest: MQTT 5 (shared subscription, QoS 1, persistent sessions) → validation →
// dedupe → JetStream. See docs/architecture.md.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { ingestConfigSchema } from './ingest.config';
import { IngestModule } from './ingest.module';

runMain('ingest', async () => {
  const config = loadConfig(ingestConfigSchema);
  await bootHttpApp(IngestModule.forRoot(config), { service: 'ingest', host: config.HTTP_HOST, port: config.HTTP_PORT });
});
