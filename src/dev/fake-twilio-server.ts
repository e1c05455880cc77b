import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as Twilio's API received (and accepted) it. */
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

/** A fault the fake plays on message creates, for tests of retries and of the unknown-outcome case. */
export type TwilioFault =
  /** Refuse the create with this HTTP status and Twilio error code (429 20429, 500 20500, ...). */
  | { kind: 'refuse'; status: number; code: number }
  /** Accept and record the message, then drop the connection before answering. */
  | { kind: 'accept_then_drop' };

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

/**
 * A local HTTP server speaking the part of Twilio's REST API Atelier uses (create and list
 * messages), so the real `twilio` SDK can be exercised without the internet. It records what it
 * accepts; `GET /__received` lists it as JSON for people and scripts. Faults can be switched on
 * for a number of requests or for a while.
 */
export class FakeTwilioServer {
  readonly received: ReceivedSms[] = [];
  readonly optedOut: Set<string>;
  /** Create requests answered with a fault, by kind, since the start. */
  readonly faultsPlayed = { refuse: 0, accept_then_drop: 0 };
  private readonly server: Server;
  private port = 0;
  private faults: { fault: TwilioFault; remaining: number; until: number; to?: string }[] = [];

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

  /**
   * Plays `fault` on the next `count` creates (default 1), or on every create for `forMs`; only on
   * creates to the number `to` when given (other texts in flight then leave the fault alone).
   */
  injectFault(fault: TwilioFault, limit: { count?: number; forMs?: number; to?: string } = {}): void {
    const until = limit.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + limit.forMs;
    const remaining = limit.count ?? (limit.forMs === undefined ? 1 : Number.POSITIVE_INFINITY);
    this.faults.push({ fault, remaining, until, to: limit.to });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private nextFault(to: string): TwilioFault | undefined {
    const now = Date.now();
    this.faults = this.faults.filter((entry) => entry.remaining > 0 && entry.until > now);
    const entry = this.faults.find((candidate) => candidate.to === undefined || candidate.to === to);
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/__received') return reply(response, 200, this.received);

    const match = MESSAGES_PATH.exec(url.pathname);
    if (!match) return reply(response, 404, twilioError(20404, 'The requested resource was not found', 404));
    const authUser = basicAuthUser(request.headers.authorization);
    if (!authUser) return reply(response, 401, twilioError(20003, 'Authenticate', 401));

    if (request.method === 'GET') return this.list(match[1], url.searchParams, response);
    if (request.method !== 'POST') return reply(response, 405, twilioError(20004, 'Method not allowed', 405));
    return this.create(match[1], authUser, new URLSearchParams(await readBody(request)), response);
  }

  private create(accountSid: string, authUser: string, form: URLSearchParams, response: ServerResponse): void {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to || !from || !body) return reply(response, 400, twilioError(21602, 'Message body, To and From are required', 400));
    if (this.optedOut.has(to)) return reply(response, 400, twilioError(21610, 'Attempt to send to unsubscribed recipient', 400));

    const fault = this.nextFault(to);
    if (fault?.kind === 'refuse') {
      this.faultsPlayed.refuse += 1;
      return reply(response, fault.status, twilioError(fault.code, `Simulated fault ${fault.code}`, fault.status));
    }

    const sms: ReceivedSms = { sid: `SM${randomBytes(16).toString('hex')}`, accountSid, to, from, body, receivedAt: new Date().toISOString(), authUser };
    this.received.push(sms);
    if (fault?.kind === 'accept_then_drop') {
      // Twilio has the message; the answer never arrives: the sender cannot tell what happened.
      this.faultsPlayed.accept_then_drop += 1;
      response.socket?.destroy();
      return;
    }
    reply(response, 201, messageResource(sms));
  }

  /** `GET .../Messages.json?To=&From=&PageSize=`: newest first, as Twilio lists them. */
  private list(accountSid: string, query: URLSearchParams, response: ServerResponse): void {
    const to = query.get('To');
    const from = query.get('From');
    const pageSize = Math.min(Number(query.get('PageSize') ?? 50) || 50, 1000);
    const messages = this.received
      .filter((sms) => sms.accountSid === accountSid && (!to || sms.to === to) && (!from || sms.from === from))
      .reverse()
      .slice(0, pageSize)
      .map(messageResource);
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    reply(response, 200, { messages, page: 0, page_size: pageSize, first_page_uri: uri, next_page_uri: null, previous_page_uri: null, uri, start: 0, end: messages.length });
  }
}

function messageResource(sms: ReceivedSms) {
  return {
    sid: sms.sid,
    account_sid: sms.accountSid,
    to: sms.to,
    from: sms.from,
    body: sms.body,
    status: 'queued',
    num_segments: '1',
    direction: 'outbound-api',
    date_created: new Date(sms.receivedAt).toUTCString(),
    date_sent: null,
    uri: `/2010-04-01/Accounts/${sms.accountSid}/Messages/${sms.sid}.json`,
  };
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
