import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp } from './api.js';
import { loadConfigOrExit } from './platform/config/load-or-exit.js';
import { exitOnStartupFailure, stopCleanlyOnSignal } from './platform/process/shutdown.js';

const config = loadConfigOrExit();
try {
  const app = await createApiApp(config);
  stopCleanlyOnSignal(() => app.close());
  await app.listen({ host: config.http.host, port: config.http.port });
  new Logger('Atelier').log(`API listening on ${await app.getUrl()} (OpenAPI at /docs)`);
} catch (error) {
  exitOnStartupFailure('The Atelier API')(error);
}
