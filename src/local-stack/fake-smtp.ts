import { FakeSmtpServer } from '../dev/fake-smtp-server.js';
import { StartupError, log } from './log.js';

export interface RunningFakeSmtp {
  /** GET it to list every email received, as JSON. */
  receivedUrl: string;
  stop(): Promise<void>;
}

/** The email variables that point the app at the fake SMTP server on `port`. */
export function fakeSmtpEnv(port: number): Record<string, string> {
  return { SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'notices@atelier.localhost' };
}

/** Starts the local SMTP server and prints one line per email it receives (address masked). */
export async function startFakeSmtp(port: number, httpPort: number): Promise<RunningFakeSmtp> {
  const server = new FakeSmtpServer({ port, httpPort, host: '127.0.0.1' });
  await server.start().catch((error: unknown) => {
    throw new StartupError(`The local SMTP server could not listen on ports ${port} and ${httpPort}: ${error instanceof Error ? error.message : String(error)}`);
  });

  let printed = 0;
  const printNew = () => {
    for (const email of server.received.slice(printed)) log(`to ${maskEmail(email.to)}: ${email.subject}`, 'email');
    printed = server.received.length;
  };
  const timer = setInterval(printNew, 250);

  return {
    receivedUrl: server.receivedUrl!,
    async stop() {
      clearInterval(timer);
      printNew();
      await server.stop();
    },
  };
}

/** `m***@example.com`: enough to tell two customers apart in a log, not to read an address. */
function maskEmail(address: string): string {
  const [local, domain] = address.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}
