import { FakeTwilioServer } from '../dev/fake-twilio-server.js';
import { maskPhoneNumber } from '../platform/phone-number.js';
import { StartupError, log } from './log.js';

/** Demo credentials the app sends to the fake Twilio (which checks only that there are some). */
const FAKE_ACCOUNT_SID = `AC${'a7e11e4'.padEnd(32, '0')}`;
const FAKE_AUTH_TOKEN = 'local-fake-twilio-auth-token';
const FAKE_FROM_NUMBER = '+15005550006';

export interface RunningFakeTwilio {
  /** GET it to list every text received, as JSON. */
  receivedUrl: string;
  stop(): Promise<void>;
}

/** The Twilio variables that point the app at the fake Twilio on `port`. */
export function fakeTwilioEnv(port: number): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: FAKE_FROM_NUMBER,
    TWILIO_API_BASE_URL: `http://127.0.0.1:${port}`,
  };
}

/** Starts the fake Twilio and prints one line per text it receives (number masked). */
export async function startFakeTwilio(port: number): Promise<RunningFakeTwilio> {
  const server = new FakeTwilioServer({ port, host: '127.0.0.1' });
  await server.start().catch((error: unknown) => {
    throw new StartupError(`The fake Twilio could not listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  });

  // The fake only records what it receives; print what is new a few times a second.
  let printed = 0;
  const printNew = () => {
    for (const sms of server.received.slice(printed)) log(`to ${maskPhoneNumber(sms.to)}: ${sms.body}`, 'sms');
    printed = server.received.length;
  };
  const timer = setInterval(printNew, 250);

  return {
    receivedUrl: `${server.baseUrl}/__received`,
    async stop() {
      clearInterval(timer);
      printNew();
      await server.stop();
    },
  };
}
