import { Injectable } from '@nestjs/common';

/** A question a customer may answer by text: an estimate, a design version, a try-on. */
export interface PendingAnswer {
  jobId: string;
  jobNumber: string;
  /** The customer asked (one of the records sharing the phone number). */
  customerId: string;
  storeId: string;
  /** What is asked, in the customer's words ("the estimate", "design version 2"). */
  question: string;
  /** The request answered (`estimate-2`, `design-3`). */
  approvalId: string;
  /** What the customer agrees to pay, when there is a price. */
  quote: { lines: { description: string; quantity: number; unitMinor: number }[]; currency: string; totalMinor: number } | null;
  /** What "decline" means for this question, in the customer's words ("Decline", "Ask for changes"). */
  declineLabel: string;
  /** Answers it through the job's own workflow Update, as the customer, on the channel given. */
  answer(decision: 'approve' | 'decline', customer: { id: string; firstName: string }, how: CustomerAnswerChannel): Promise<void>;
}

/** How a customer answered: by text, or on the tracking page (with their typed name, once per submission). */
export interface CustomerAnswerChannel {
  channel: 'sms' | 'tracking_page';
  typedName?: string;
  comment?: string;
  /** Becomes the Update id: the same submission twice is one Update. */
  answerId?: string;
}

/** A job kind's questions awaiting its customers' answers (the job modules provide one each). */
export interface ReplyTarget {
  pendingFor(customerIds: string[]): Promise<PendingAnswer[]>;
}

/**
 * Where the job modules register what customers may answer by text: messaging reads the reply,
 * the job's own module knows what it answers. Messaging stays free of any job's domain.
 */
@Injectable()
export class ReplyTargets {
  private readonly targets: ReplyTarget[] = [];

  register(target: ReplyTarget): void {
    this.targets.push(target);
  }

  async pendingFor(customerIds: string[]): Promise<PendingAnswer[]> {
    if (customerIds.length === 0) return [];
    return (await Promise.all(this.targets.map((target) => target.pendingFor(customerIds)))).flat();
  }
}
