import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ManagerDigestOutcome, SendManagerDigestInput } from '../../../workflows/manager-digest.contract.js';
import { EmailSender } from '../../messaging/email-sender.js';
import { SendError } from '../../messaging/send-error.js';
import { AppConfig } from '../../platform/config/app-config.js';
import { dateIn, endOfDayIn } from '../../platform/time/shop-calendar.js';
import { Store } from '../../stores/store.entity.js';
import { storePolicyOf } from '../../stores/stores.service.js';
import { CustodyReport } from '../custody-report.service.js';
import { LateLists } from '../late-lists.service.js';
import { digestEmail } from './digest-email.js';
import type { ManagerDigestRowStatus } from './manager-digest.entity.js';

/** The digest's "waiting on the customer" list: longer than this many days (as GET /manager/late by default). */
export const DIGEST_WAITING_DAYS = 3;

interface Recipient {
  id: string;
  name: string;
  email: string;
}

interface ClaimedDigest {
  id: string;
  status: ManagerDigestRowStatus;
  html: string;
  unsubscribe_token: string;
  to_address: string;
  subject: string;
  body: string;
}

type Delivery = 'sent' | 'already_sent' | 'failed' | { retry: string };

/**
 * The managers' daily digest of one store: the late lists and the custody report, emailed to every
 * active manager of the store and every owner (owners span every store), each of them once per
 * local day. Each recipient's email is claimed first (a `manager_digests` row keyed by store, day
 * and recipient, with the staff email it is), then sent while that row is locked: a retried
 * activity, or a second run the same day, finds it sent and sends nothing; an attempt whose
 * outcome is unknown is sent again with the same content and Message-ID, which mailboxes show once.
 */
@Injectable()
export class ManagerDigests {
  private readonly logger = new Logger(ManagerDigests.name);

  constructor(
    private readonly em: EntityManager,
    private readonly lateLists: LateLists,
    private readonly custodyReport: CustodyReport,
    private readonly email: EmailSender,
    private readonly config: AppConfig,
  ) {}

  async send({ storeId, asOf }: SendManagerDigestInput): Promise<ManagerDigestOutcome> {
    const em = this.em.fork();
    const store = await em.findOne(Store, { id: storeId });
    const nobody = { storeId, recipients: 0, sent: 0, alreadySent: 0, failed: 0 };
    if (!store) return { ...nobody, localDate: asOf.slice(0, 10), status: 'store_gone' };
    const localDate = dateIn(new Date(asOf), store.timeZone);
    // A schedule not yet paused when the store turned its digest off sends nothing.
    if (storePolicyOf(store).managerDigestAt === null) return { ...nobody, localDate, status: 'off' };
    const recipients = await this.recipientsOf(storeId);
    if (recipients.length === 0) return { ...nobody, localDate, status: 'no_recipients' };

    await this.claim(store, localDate, recipients);
    const outcome: ManagerDigestOutcome = { ...nobody, localDate, status: 'sent', recipients: recipients.length };
    const owed: string[] = [];
    for (const recipient of recipients) {
      const delivery = await this.deliver(store, localDate, recipient);
      if (delivery === 'sent') outcome.sent += 1;
      else if (delivery === 'already_sent') outcome.alreadySent += 1;
      else if (delivery === 'failed') outcome.failed += 1;
      else owed.push(delivery.retry);
    }
    if (owed.length > 0) {
      // Retried by Temporal: those sent are skipped, the rest go again with their own Message-ID.
      throw ApplicationFailure.retryable(`${owed.length} of ${recipients.length} digests of store ${storeId} for ${localDate} not taken by the mail server yet (${[...new Set(owed)].join(', ')})`, 'DIGEST_NOT_SENT');
    }
    if (outcome.sent > 0) this.logger.log(`Store ${storeId}: digest for ${localDate} sent to ${outcome.sent} (${outcome.alreadySent} had it already)`);
    return outcome;
  }

  /** Active managers of the store and every active owner, less those who unsubscribed from this store's digest. */
  private recipientsOf(storeId: string): Promise<Recipient[]> {
    return this.em.fork().execute<Recipient[]>(
      `select s.id, s.name, s.email from staff_accounts s
        where s.active and (s.role = 'owner' or (s.role = 'manager' and s.store_ids @> jsonb_build_array(?::text)))
          and not exists (select 1 from manager_digest_opt_outs o where o.store_id = ? and o.staff_id = s.id)
        order by s.email`,
      [storeId, storeId],
    );
  }

  /**
   * A row for each recipient without one for the day, with the email as it is now: the lists are
   * read once, and only when someone's digest is still to be written.
   */
  private async claim(store: Store, localDate: string, recipients: Recipient[]): Promise<void> {
    const em = this.em.fork();
    const claimed = await em.execute<{ staff_id: string }[]>('select staff_id from manager_digests where store_id = ? and local_date = ?', [store.id, localDate]);
    const has = new Set(claimed.map((row) => row.staff_id));
    const unclaimed = recipients.filter((recipient) => !has.has(recipient.id));
    if (unclaimed.length === 0) return;
    const scope = { stores: [store.id] };
    const [late, custody] = await Promise.all([this.lateLists.of({ scope, waitingDays: DIGEST_WAITING_DAYS }), this.custodyReport.of(scope)]);
    for (const recipient of unclaimed) {
      const id = randomUUID();
      const unsubscribeToken = randomBytes(24).toString('base64url');
      const email = digestEmail({ store, localDate, recipientName: recipient.name, late, custody, unsubscribeUrl: this.unsubscribeUrl(unsubscribeToken) });
      await em.transactional(async (tx) => {
        const inserted = await tx.execute<{ id: string }[]>(
          `insert into manager_digests (id, store_id, local_date, staff_id, status, html, unsubscribe_token, attempts, error_code, created_at, sent_at)
           values (?, ?, ?, ?, 'pending', ?, ?, 0, null, now(), null)
           on conflict (store_id, local_date, staff_id) do nothing returning id`,
          [id, store.id, localDate, recipient.id, email.html, unsubscribeToken],
        );
        if (inserted.length === 0) return;
        // The staff email record: whom, what, and (once the mail server has it) when it was sent.
        // Until then owners see it among undelivered staff emails, for the rest of the digest's day.
        await tx.execute(
          `insert into staff_emails (id, staff_id, to_address, subject, body, expires_at, created_at, sent_at) values (?, ?, ?, ?, ?, ?, now(), null)`,
          [id, recipient.id, recipient.email, email.subject.slice(0, 200), email.text, endOfDayIn(localDate, store.timeZone)],
        );
      });
    }
  }

  /** Sends the recipient's claimed digest unless it was sent (or refused for good) already; the row stays locked meanwhile. */
  private deliver(store: Store, localDate: string, recipient: Recipient): Promise<Delivery> {
    return this.em.fork().transactional(async (tx): Promise<Delivery> => {
      const [digest] = await tx.execute<ClaimedDigest[]>(
        `select d.id, d.status, d.html, d.unsubscribe_token, e.to_address, e.subject, e.body
           from manager_digests d join staff_emails e on e.id = d.id
          where d.store_id = ? and d.local_date = ? and d.staff_id = ?
          for update of d`,
        [store.id, localDate, recipient.id],
      );
      if (!digest) return { retry: 'NOT_CLAIMED' };
      if (digest.status === 'sent') return 'already_sent';
      if (digest.status === 'failed') return 'failed';
      try {
        await this.email.send({
          to: digest.to_address,
          senderName: `Atelier · ${store.name}`,
          subject: digest.subject,
          text: digest.body,
          html: digest.html,
          messageId: `<${digest.id}@${this.config.email.fromAddress.split('@')[1]}>`,
          unsubscribeUrl: this.unsubscribeUrl(digest.unsubscribe_token),
        });
      } catch (error) {
        const code = error instanceof SendError ? error.code : 'SEND_FAILED';
        const refusedForGood = error instanceof SendError && error.kind === 'permanent';
        await tx.execute(`update manager_digests set attempts = attempts + 1, error_code = ?, status = ? where id = ?`, [code, refusedForGood ? 'failed' : 'pending', digest.id]);
        this.logger.warn(`Digest ${digest.id} (store ${store.id}, ${localDate}) not sent: ${code}${refusedForGood ? ', refused for good' : ', will retry'}`);
        return refusedForGood ? 'failed' : { retry: code };
      }
      await tx.execute(`update manager_digests set status = 'sent', attempts = attempts + 1, error_code = null, sent_at = now() where id = ?`, [digest.id]);
      await tx.execute('update staff_emails set sent_at = now() where id = ?', [digest.id]);
      return 'sent';
    });
  }

  private unsubscribeUrl(token: string): string {
    return new URL(`/digest-unsubscribe/${token}`, this.config.http.publicBaseUrl).toString();
  }
}
