import { createServer } from 'node:net';
import { StartupError } from './log.js';
import type { LocalStackSettings } from './settings.js';

export interface PortCheck {
  port: number;
  host: string;
  /** What would listen there, for the message. */
  service: string;
  /** What a person changes when the port is taken. */
  remedy: string;
}

/** Every port this stack is about to listen on. */
export function portsToCheck(settings: LocalStackSettings): PortCheck[] {
  const loopback = '127.0.0.1';
  const checks: PortCheck[] = [
    { port: settings.api.port, host: settings.api.host, service: 'the API', remedy: 'set PORT to a free port' },
  ];
  if (settings.embeddedPostgres) {
    checks.push({ port: settings.embeddedPostgres.port, host: loopback, service: 'embedded PostgreSQL', remedy: 'set LOCAL_POSTGRES_PORT to a free port, or DATABASE_URL to use a running PostgreSQL' });
  }
  if (settings.temporalDevServer) {
    const remedy = 'set TEMPORAL_ADDRESS to use a Temporal server that is already running';
    checks.push({ port: settings.temporalDevServer.port, host: loopback, service: 'the Temporal dev server', remedy });
    checks.push({ port: settings.temporalDevServer.uiPort, host: loopback, service: 'the Temporal Web UI', remedy });
  }
  if (settings.redisServer) {
    checks.push({ port: settings.redisServer.port, host: loopback, service: 'redis-server', remedy: 'set LOCAL_REDIS_PORT to a free port, or REDIS_URL to use a running Redis' });
  }
  if (settings.fakeTwilio) {
    checks.push({ port: settings.fakeTwilio.port, host: loopback, service: 'the fake Twilio', remedy: 'set LOCAL_TWILIO_PORT to a free port' });
  }
  if (settings.fakeSmtp) {
    checks.push({ port: settings.fakeSmtp.port, host: loopback, service: 'the local SMTP server', remedy: 'set LOCAL_SMTP_PORT to a free port, or SMTP_URL to use a real relay' });
    checks.push({ port: settings.fakeSmtp.httpPort, host: loopback, service: 'the list of emails received', remedy: 'set LOCAL_SMTP_LIST_PORT to a free port' });
  }
  return checks;
}

/** Fails fast, before anything starts, naming the first port that is taken (or chosen twice). */
export async function assertPortsFree(checks: PortCheck[]): Promise<void> {
  const seen = new Map<number, PortCheck>();
  for (const check of checks) {
    const earlier = seen.get(check.port);
    if (earlier) {
      throw new StartupError(`Port ${check.port} is chosen for both ${earlier.service} and ${check.service}: ${check.remedy}`);
    }
    seen.set(check.port, check);
    const problem = await tryListen(check.port, check.host);
    if (problem === 'EADDRINUSE') throw new StartupError(`Port ${check.port} (${check.service}) is already in use: ${check.remedy}`);
    if (problem) throw new StartupError(`Cannot listen on ${check.host}:${check.port} (${check.service}): ${problem}; ${check.remedy}`);
  }
}

/** Undefined when the port could be bound (and was released at once), else the error code. */
function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
