import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { mountQueueBoard } from './messaging/queue-board.js';
import { IMAGE_TYPES, MAX_PHOTO_BYTES } from './photos/image-types.js';
import type { AppConfig } from './platform/config/app-config.js';
import { answerFrameworkError } from './platform/http/http-error.filter.js';
import { refuseMalformedQueryEncoding } from './platform/http/query-encoding.js';
import { validationPipe } from './platform/http/validation.js';

/** Builds the HTTP API (not yet listening): shared by `main.ts` and the API tests. */
export async function createApiApp(config: AppConfig, logLevels: LogLevel[] = ['log', 'warn', 'error']): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), apiHttpAdapter(), { logger: logLevels, abortOnError: false });
  configureApiApp(app);
  mountQueueBoard(app);
  return app;
}

/** The Fastify adapter of the API: body limit and framework errors answered as ours. */
export function apiHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: 1_048_576, frameworkErrors: answerFrameworkError });
}

/**
 * Everything the API adds to a Nest application on `apiHttpAdapter()`: validation, the photo body
 * parser, query checks and the OpenAPI document. Tests that replace a provider (a scripted
 * Temporal client) build their application from `AppModule` and pass it through here.
 */
export function configureApiApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useGlobalPipes(validationPipe());
  // Photos arrive as the request body itself, up to their own limit (JSON bodies keep 1 MiB).
  app.getHttpAdapter().getInstance().addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_request, body, done) => done(null, body));
  refuseMalformedQueryEncoding(app.getHttpAdapter().getInstance());
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApiConfig()), { jsonDocumentUrl: 'docs-json' });
  return app;
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Atelier API')
    .setDescription(
      'Repairs and custom orders of a jewelry shop. Every route except /health, /track, sign-in, password reset and the Twilio webhooks (signed by Twilio instead) needs ' +
        '`Authorization: Bearer <access token or API key>` (POST /auth/login gives an access token). Errors are ' +
        '`{ statusCode, code, message, ...details }` with a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
}
