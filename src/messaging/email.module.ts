import { Module } from '@nestjs/common';
import { EmailSender } from './email-sender.js';
import { SmtpEmailSender } from './smtp-email.sender.js';

/** The one SMTP connection pool of a process: customers' emails and staff emails (the managers' digest) share it. */
@Module({
  providers: [{ provide: EmailSender, useClass: SmtpEmailSender }],
  exports: [EmailSender],
})
export class EmailModule {}
