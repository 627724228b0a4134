// Realtime: Socket.IO namespace /ops (Redis adapter), authenticated by access token,
// pushing state changes per key area within each user's scope, and each user's import
// progress.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { realtimeConfigSchema } from './realtime.config';
import { RealtimeModule } from './realtime.module';
import { RedisIoAdapter } from './redis-io.adapter';

runMain('realtime', async () => {
  const config = loadConfig(realtimeConfigSchema);
  await bootHttpApp(RealtimeModule.forRoot(config), {
    service: 'realtime',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    configure: async (app) => {
      const adapter = new RedisIoAdapter(app, config.REDIS_URL, config.REDIS_PREFIX, config.REALTIME_CORS_ORIGINS);
      await adapter.connect();
      app.useWebSocketAdapter(adapter);
      app.enableCors({ origin: config.REALTIME_CORS_ORIGINS });
    },
  });
});
