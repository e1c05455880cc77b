import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as Twilio's API received it. */
export interface ReceivedSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  receivedAt: string;
  /** Basic-auth user the SDK authenticated with. */
  authUser: string;
}

export interface FakeTwilioOptions {
  port?: number;
  host?: string;
  /** Numbers that have replied STOP: Twilio refuses them with error 21610. */
  optedOut?: Iterable<string>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

/**
 * A local HTTP server speaking the part of Twilio's REST API Atelier uses (create message),
 * so the real `twilio` SDK can be exercised without the internet. It records what it receives;
 * `GET /__received` lists it as JSON for people and scripts.
 */
export class FakeTwilioServer {
  readonly received: ReceivedSms[] = [];
  readonly optedOut: Set<string>;
  private readonly server: Server;
  private port = 0;

  constructor(private readonly options: FakeTwilioOptions = {}) {
    this.optedOut = new Set(options.optedOut ?? []);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => reply(response, 500, { message: String(error) }));
    });
  }

  get baseUrl(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages sent to one number, oldest first. */
  sentTo(phone: string): ReceivedSms[] {
    return this.received.filter((sms) => sms.to === phone);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && path === '/__received') return reply(response, 200, this.received);

    const match = MESSAGES_PATH.exec(path);
    if (request.method !== 'POST' || !match) return reply(response, 404, twilioError(20404, 'The requested resource was not found', 404));

    const authUser = basicAuthUser(request.headers.authorization);
    if (!authUser) return reply(response, 401, twilioError(20003, 'Authenticate', 401));

    const form = new URLSearchParams(await readBody(request));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to || !from || !body) return reply(response, 400, twilioError(21602, 'Message body, To and From are required', 400));
    if (this.optedOut.has(to)) {
      return reply(response, 400, twilioError(21610, 'Attempt to send to unsubscribed recipient', 400));
    }

    const sms: ReceivedSms = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid: match[1],
      to,
      from,
      body,
      receivedAt: new Date().toISOString(),
      authUser,
    };
    this.received.push(sms);
    reply(response, 201, {
      sid: sms.sid,
      account_sid: sms.accountSid,
      to,
      from,
      body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      date_created: new Date(sms.receivedAt).toUTCString(),
      uri: `/2010-04-01/Accounts/${sms.accountSid}/Messages/${sms.sid}.json`,
    });
  }
}

function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function basicAuthUser(header: string | undefined): string | undefined {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const [user, password] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return user && password ? user : undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
