import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { REPAIR_STAGES, REPAIR_STAGE_TABLE } from '../../workflows/repair-job/stages.js';
import { ORDER_STAGES, ORDER_STAGE_TABLE } from '../../workflows/custom-order/stages.js';
import { type PendingAnswer, ReplyTargets } from '../messaging/reply-targets.js';
import { PhotosService } from '../photos/photos.service.js';
import { JobEvent } from './job-event.entity.js';
import { Job } from './job.entity.js';
import { jobError } from './job-errors.js';
import { TRACKING_TOKEN, newTrackingToken, sameToken, trackingTokenDigest } from './tracking-token.js';

/** What the customer's tracking page shows: the first name, the store, the piece's progress; nothing else personal. */
export interface TrackingModel {
  token: string;
  number: string;
  item: string;
  firstName: string;
  stage: string;
  stageLabel: string;
  promisedBy: string | null;
  closed: boolean;
  store: { name: string; phone: string | null; email: string | null; timeZone: string };
  /** Stages the job has been through, oldest first. */
  timeline: { at: string; label: string }[];
  completionPhotoIds: string[];
  /** What the customer is asked to answer now, if anything. */
  question: { approvalId: string; question: string; quote: PendingAnswer['quote']; declineLabel: string } | null;
  updatedAt: string;
}

export interface TrackingAnswer {
  approvalId: string;
  decision: 'approve' | 'decline';
  typedName: string;
  comment?: string;
  /** One per page load: a second submit of the same form is the same Update. */
  answerId: string;
}

const STAGE_LABELS: Record<string, Record<string, string>> = {
  repair: labelsOf(REPAIR_STAGE_TABLE.stages),
  custom_order: labelsOf(ORDER_STAGE_TABLE.stages),
};
/** The stage a job starts in, which its take-in event stands for. */
const FIRST_STAGE: Record<string, string> = { repair: REPAIR_STAGES[0], custom_order: ORDER_STAGES[0] };

/** The customer's side of a job, reached only through its tracking link. */
@Injectable()
export class TrackingService {
  constructor(
    private readonly em: EntityManager,
    private readonly replies: ReplyTargets,
    private readonly photos: PhotosService,
  ) {}

  /** The job of a tracking link; an unknown, malformed or revoked token is TRACKING_NOT_FOUND. */
  async jobOf(token: string): Promise<Job> {
    const job = typeof token === 'string' && TRACKING_TOKEN.test(token) ? await this.em.fork().findOne(Job, { trackingTokenDigest: trackingTokenDigest(token) }, { populate: ['store', 'customer'] }) : null;
    if (!job || !sameToken(job.trackingToken, token)) throw jobError('TRACKING_NOT_FOUND', 'This tracking link is not valid.');
    return job;
  }

  async model(token: string): Promise<TrackingModel> {
    const job = await this.jobOf(token);
    const [events, pending] = await Promise.all([this.customerEvents(job), job.closed ? Promise.resolve(undefined) : this.pendingOf(job)]);
    const labels = STAGE_LABELS[job.kind] ?? {};
    return {
      token,
      number: job.number,
      item: job.summary,
      firstName: job.customer.firstName,
      stage: job.stage,
      stageLabel: job.stageLabel,
      promisedBy: job.promisedBy ?? null,
      closed: job.closed,
      store: { name: job.store.name, phone: job.store.phone ?? null, email: job.store.email ?? null, timeZone: job.store.timeZone },
      timeline: events
        .filter((event) => event.type !== 'qc_passed')
        .map((event) => ({ at: event.at.toISOString(), label: labels[event.type === 'taken_in' ? FIRST_STAGE[job.kind] : String(event.data.to)] ?? event.summary }))
        // A take-in that enters its first stage says it once.
        .filter((entry, index, all) => index === 0 || all[index - 1].label !== entry.label),
      completionPhotoIds: completionPhotoIdsOf(events),
      question: pending ? { approvalId: pending.approvalId, question: pending.question, quote: pending.quote, declineLabel: pending.declineLabel } : null,
      updatedAt: job.updatedAt.toISOString(),
    };
  }

  /**
   * The customer's answer, through the same workflow Update staff and texts use. An answer to a
   * question no longer open (answered already, or replaced by a newer version) is refused.
   */
  async answer(token: string, answer: TrackingAnswer): Promise<'approved' | 'declined'> {
    const job = await this.jobOf(token);
    const pending = await this.pendingOf(job);
    if (!pending || pending.approvalId !== answer.approvalId) {
      throw jobError('ANSWER_NOT_PENDING', 'This question has already been answered, or a newer version replaced it.', { pending: pending?.approvalId ?? null });
    }
    await pending.answer(answer.decision, { id: job.customer.id, firstName: job.customer.firstName }, {
      channel: 'tracking_page',
      typedName: answer.typedName,
      comment: answer.comment,
      answerId: `tracking-page:${answer.answerId}`,
    });
    return answer.decision === 'approve' ? 'approved' : 'declined';
  }

  /** A completion photo of this job (and only of this job). */
  async photo(token: string, photoId: string): Promise<{ contentType: string; body: Buffer }> {
    const job = await this.jobOf(token);
    if (!completionPhotoIdsOf(await this.customerEvents(job)).includes(photoId)) throw jobError('TRACKING_NOT_FOUND', 'No such photo on this tracking page.');
    const { photo, body } = await this.photos.readForCustomer(photoId);
    return { contentType: photo.contentType, body };
  }

  /** A new link for the job; the old one stops working at once (a forwarded or leaked link). */
  async rotate(jobId: string): Promise<Job> {
    const em = this.em.fork();
    const job = await em.findOne(Job, { id: jobId });
    if (!job) throw jobError('JOB_NOT_FOUND', `There is no job ${jobId}.`);
    Object.assign(job, newTrackingToken(), { updatedAt: new Date() });
    await em.flush();
    return job;
  }

  /** The journal events the customer's page is made of: the take-in, stage changes, passed quality checks. */
  private customerEvents(job: Job): Promise<JobEvent[]> {
    return this.em.fork().find(JobEvent, { job: job.id, type: { $in: ['taken_in', 'stage_changed', 'qc_passed'] } }, { orderBy: { sequence: 'asc' } });
  }

  private async pendingOf(job: Job): Promise<PendingAnswer | undefined> {
    return (await this.replies.pendingFor([job.customer.id])).find((pending) => pending.jobId === job.id);
  }
}

function completionPhotoIdsOf(events: JobEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'qc_passed' && Array.isArray(event.data.completionPhotoIds) ? (event.data.completionPhotoIds as string[]) : []));
}

function labelsOf(stages: Readonly<Record<string, { label: string }>>): Record<string, string> {
  return Object.fromEntries(Object.entries(stages).map(([stage, info]) => [stage, info.label]));
}
