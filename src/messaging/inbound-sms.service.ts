import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Customer } from '../customers/customer.entity.js';
import { CustomersService } from '../customers/customers.service.js';
import { Job } from '../jobs/job.entity.js';
import { MAIN_STORE_ID, Store } from '../stores/store.entity.js';
import { type INBOUND_HANDLINGS, InboundMessage } from './inbound-message.entity.js';
import { type PendingAnswer, ReplyTargets } from './reply-targets.js';

/** Carrier keywords (CTIA): these words alone opt the number out, or back in, or ask for help. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT']);
const OPT_IN = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);
const YES = new Set(['YES', 'Y', 'YEP', 'YEAH', 'YA', 'OK', 'OKAY', 'APPROVE', 'APPROVED', 'GO AHEAD', 'SURE']);
const NO = new Set(['NO', 'N', 'NOPE', 'NAH', 'DECLINE', 'DECLINED']);
/** A job number the customer may add to their answer: `YES R-001234-1`, `NO C-001002`. */
const ANSWER = /^(.+?)(?:\s+([RC]-\d{4,8}(?:-\d{1,3})?))?$/;

export interface InboundSms {
  providerMessageId: string;
  from: string;
  body: string;
}

/** What to text back (at most one message), if anything. */
export interface InboundReply {
  reply: string | null;
  handling: (typeof INBOUND_HANDLINGS)[number] | 'duplicate';
}

/**
 * A text from a customer: a carrier keyword changes their consent (recorded as theirs), HELP gets
 * the shop's name and number, YES or NO answers the question waiting for them through the job's
 * own workflow, and anything else lands in the staff inbox. Every text is kept once, by Twilio's id.
 */
@Injectable()
export class InboundSmsService {
  private readonly logger = new Logger(InboundSmsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly customers: CustomersService,
    private readonly replyTargets: ReplyTargets,
  ) {}

  async receive(sms: InboundSms): Promise<InboundReply> {
    const em = this.em.fork();
    if (await em.count(InboundMessage, { providerMessageId: sms.providerMessageId })) return { reply: null, handling: 'duplicate' };
    const words = sms.body.trim().toUpperCase().replace(/[.!,;:]+$/g, '').replace(/\s+/g, ' ');
    const known = await em.find(Customer, { phone: sms.from, mergedInto: null }, { orderBy: { createdAt: 'asc' } });

    if (OPT_OUT.has(words)) {
      await this.customers.smsKeywordConsent(sms.from, false);
      // Twilio confirms an opt-out itself and blocks what follows: a second confirmation would not arrive.
      return this.kept(sms, known[0], null, 'opt_out', null);
    }
    if (OPT_IN.has(words)) {
      await this.customers.smsKeywordConsent(sms.from, true);
      const store = await this.storeOf(known);
      return this.kept(sms, known[0], null, 'opt_in', `${store.name}: you will get texts about your pieces again. Reply STOP to stop, HELP for help.`);
    }
    if (HELP.has(words)) {
      const store = await this.storeOf(known);
      return this.kept(sms, known[0], null, 'help', `${store.name}${store.phone ? `, ${store.phone}` : ''}: texts about your repairs and orders. Reply STOP to stop. Msg&data rates may apply.`);
    }

    const [, answerWord, jobNumber] = ANSWER.exec(words) ?? [];
    const decision = answerWord && YES.has(answerWord) ? 'approve' : answerWord && NO.has(answerWord) ? 'decline' : undefined;
    if (decision && known.length > 0) {
      const pending = (await this.replyTargets.pendingFor(known.map((customer) => customer.id))).filter((question) => !jobNumber || question.jobNumber === jobNumber);
      if (pending.length === 1) return this.answer(sms, known, pending[0], decision);
      if (pending.length > 1) {
        const list = pending.map((question) => `${question.jobNumber} (${question.question})`).join(', ');
        // Never a guess: one question back, naming each job.
        return this.kept(sms, known[0], null, 'clarification', `Several answers are waiting: ${list}. Reply YES or NO and the number, e.g. YES ${pending[0].jobNumber}.`);
      }
    }
    return this.kept(sms, known[0], await this.onlyOpenJob(known), 'inbox', null);
  }

  private async answer(sms: InboundSms, known: Customer[], question: PendingAnswer, decision: 'approve' | 'decline'): Promise<InboundReply> {
    const customer = known.find((candidate) => candidate.id === question.customerId) ?? known[0];
    await question.answer(decision, { id: customer.id, firstName: customer.firstName }, { channel: 'sms' });
    const job = await this.em.fork().findOne(Job, { id: question.jobId });
    return this.kept(sms, customer, job, 'answered', `Thank you: ${question.question} for ${question.jobNumber} is ${decision === 'approve' ? 'approved' : 'declined'}.`);
  }

  /** Keeps the text with what was done; a concurrent delivery of the same text keeps one. */
  private async kept(sms: InboundSms, customer: Customer | undefined, job: Job | null, handling: (typeof INBOUND_HANDLINGS)[number], reply: string | null): Promise<InboundReply> {
    const em = this.em.fork();
    const now = new Date();
    em.create(InboundMessage, {
      id: randomUUID(),
      providerMessageId: sms.providerMessageId,
      fromAddress: sms.from,
      body: sms.body,
      customer: customer ? em.getReference(Customer, customer.id) : null,
      job: job ? em.getReference(Job, job.id) : null,
      handling,
      status: handling === 'inbox' ? 'unread' : 'done',
      ownerId: null,
      ownerName: null,
      receivedAt: now,
      updatedAt: now,
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return { reply: null, handling: 'duplicate' };
      throw error;
    }
    if (handling === 'inbox') this.logger.log(`A text for the inbox from ${customer ? `customer ${customer.id}` : 'an unknown number'}`);
    return { reply, handling };
  }

  /** The store a customer deals with (their latest job's), for HELP and confirmations. */
  private async storeOf(known: Customer[]): Promise<Store> {
    const em = this.em.fork();
    const latest = known.length > 0 ? await em.findOne(Job, { customer: { $in: known.map((customer) => customer.id) } }, { orderBy: { createdAt: 'desc' }, populate: ['store'] }) : null;
    return latest?.store ?? (await em.findOneOrFail(Store, { id: MAIN_STORE_ID }));
  }

  /** A reply is threaded on the customer's job when they have exactly one open. */
  private async onlyOpenJob(known: Customer[]): Promise<Job | null> {
    if (known.length === 0) return null;
    const open = await this.em.fork().find(Job, { customer: { $in: known.map((customer) => customer.id) }, closed: false }, { limit: 2 });
    return open.length === 1 ? open[0] : null;
  }
}
