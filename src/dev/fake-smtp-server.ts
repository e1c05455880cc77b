import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** An email as the SMTP server received it: the real bytes, parsed. */
export interface ReceivedEmail {
  from: string;
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Lower-case header names to values, as sent. */
  headers: Record<string, string>;
  receivedAt: string;
}

/** A fault the server plays on the next messages' DATA, for tests of retries and of the unknown-outcome case. */
export type SmtpFault =
  /** Refuse the message with this SMTP reply (450: try later; 550: no such mailbox). */
  | { kind: 'refuse'; code: number }
  /** Take the whole message, record it, then drop the connection before the 250 reply. */
  | { kind: 'accept_then_drop' };

export interface FakeSmtpOptions {
  port?: number;
  host?: string;
  /** Also list what was received as JSON at GET / on this HTTP port (the local stack's view). */
  httpPort?: number;
}

/**
 * A local SMTP server (the `smtp-server` package) that nodemailer really talks to: it takes any
 * login, records every message it accepts, and can refuse or drop messages on cue.
 */
export class FakeSmtpServer {
  readonly received: ReceivedEmail[] = [];
  /** Messages answered with a fault, by kind, since the start. */
  readonly faultsPlayed = { refuse: 0, accept_then_drop: 0 };
  private readonly server: SMTPServer;
  private http?: Server;
  private faults: { fault: SmtpFault; remaining: number; to?: string }[] = [];
  private port = 0;
  private listingUrl?: string;

  constructor(private readonly options: FakeSmtpOptions = {}) {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Pooled client connections stay open: close them at once on stop.
      closeTimeout: 200,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'local' }),
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          (reply) => callback(reply ?? null),
          (error: Error) => callback(error),
        );
      },
    });
    this.server.on('error', () => {});
  }

  /** `smtp://` URL nodemailer connects to. */
  get url(): string {
    return `smtp://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  get receivedUrl(): string | undefined {
    return this.listingUrl;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    if (this.options.httpPort !== undefined) {
      this.http = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(this.received, null, 2));
      });
      await new Promise<void>((resolve, reject) => {
        this.http!.once('error', reject);
        this.http!.listen(this.options.httpPort, this.options.host ?? '127.0.0.1', () => resolve());
      });
      this.listingUrl = `http://${this.options.host ?? '127.0.0.1'}:${(this.http.address() as AddressInfo).port}/`;
    }
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.http) await new Promise<void>((resolve) => this.http!.close(() => resolve()));
  }

  /** The emails accepted for one address, oldest first. */
  sentTo(address: string): ReceivedEmail[] {
    return this.received.filter((email) => email.to.toLowerCase() === address.toLowerCase());
  }

  /** Plays `fault` on the next `times` messages (to `to` only, when given). */
  failNext(fault: SmtpFault, times = 1, to?: string): void {
    this.faults.push({ fault, remaining: times, to: to?.toLowerCase() });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<Error | undefined> {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
    const fault = this.nextFault(recipients);
    if (fault?.kind === 'refuse') return Object.assign(new Error(fault.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: fault.code });
    const parsed = await simpleParser(raw);
    const from = parsed.from?.value[0];
    for (const to of recipients) {
      this.received.push({
        from: from?.address ?? '',
        fromName: from?.name ?? '',
        to,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        messageId: parsed.messageId ?? '',
        headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()])),
        receivedAt: new Date().toISOString(),
      });
    }
    if (fault?.kind === 'accept_then_drop') {
      // The message is in; the client never hears so.
      this.dropConnection(session);
      return new Error('connection dropped');
    }
    return undefined;
  }

  private dropConnection(session: SMTPServerSession): void {
    for (const connection of (this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections) {
      if (connection.id === session.id) connection._socket.destroy();
    }
  }

  private nextFault(recipients: string[]): SmtpFault | undefined {
    const index = this.faults.findIndex((entry) => entry.remaining > 0 && (!entry.to || recipients.includes(entry.to)));
    if (index < 0) return undefined;
    const entry = this.faults[index];
    entry.remaining -= 1;
    this.faultsPlayed[entry.fault.kind] += 1;
    if (entry.remaining === 0) this.faults.splice(index, 1);
    return entry.fault;
  }
}
