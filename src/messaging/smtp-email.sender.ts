import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../platform/config/app-config.js';
import { type EmailReceipt, EmailSendError, EmailSender, type OutgoingEmail } from './email-sender.js';

/** Connection failures in which the message was certainly not handed over (nothing reached DATA). */
const NOT_CONNECTED = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'ECONNREFUSED']);

/** Email over SMTP with nodemailer: a pooled connection to the relay named by SMTP_URL. */
@Injectable()
export class SmtpEmailSender extends EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly fromAddress: string;

  constructor(config: AppConfig) {
    super();
    this.transport = nodemailer.createTransport({ url: config.email.smtpUrl, pool: true, maxConnections: 5, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    this.fromAddress = config.email.fromAddress;
  }

  async send(email: OutgoingEmail): Promise<EmailReceipt> {
    try {
      const info = await this.transport.sendMail({
        from: { name: email.senderName, address: this.fromAddress },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      return { providerMessageId: info.messageId };
    } catch (error) {
      throw toEmailSendError(error);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

function toEmailSendError(error: unknown): EmailSendError {
  const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
  const text = message ?? String(error);
  if (typeof responseCode === 'number') {
    // 5xx: the server refuses this message for good (no such mailbox); 4xx: try again later.
    return new EmailSendError(text, `SMTP_${responseCode}`, responseCode >= 500 ? 'permanent' : 'transient');
  }
  if (code && NOT_CONNECTED.has(code)) return new EmailSendError(text, code, 'transient');
  // The connection broke or timed out mid-conversation: the server may have the message.
  return new EmailSendError(text, code ?? 'NETWORK_ERROR', 'outcome_unknown');
}
