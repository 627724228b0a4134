// API: REST under /api/v1 for the web app and scripts (OpenAPI at /api/docs); serves the
// operations-centre web app at /.
import 'reflect-metadata';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { apiConfigSchema } from './api.config';
import { ApiModule } from './api.module';
import { IMPORTS_PATH } from './register/imports.controller';
import { webAppMiddleware } from './web/web-app';

runMain('api', async () => {
  const config = loadConfig(apiConfigSchema);
  await bootHttpApp(ApiModule.forRoot(config), {
    service: 'api',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    configure: (app) => {
      // The caller's address (sign-in throttling, audit) through the proxies trusted here.
      (app as NestExpressApplication).set('trust proxy', config.API_TRUST_PROXY);
      // Import files arrive as the raw body; registered before Nest's JSON parser, which then leaves them alone.
      app.use(IMPORTS_PATH, express.raw({ type: () => true, limit: config.API_IMPORT_MAX_BYTES }));
      app.use(...webAppMiddleware(config.WEB_ROOT));
      const document = SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('IOC Quảng Bình — REST API')
          .setDescription(
            'Register of key areas, checkpoints, gateways and devices; users; imports; audit; exports. ' +
              'Log in at POST /api/v1/auth/login and send the access token as "Authorization: Bearer <token>". ' +
              'Errors are RFC 9457 problem+json with a field list for validation failures.',
          )
          .setVersion('1')
          .addBearerAuth()
          .build(),
      );
      SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
    },
  });
});
