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
  /** Answers it through the job's own workflow Update, as the customer, by SMS. */
  answer(decision: 'approve' | 'decline', customer: { id: string; firstName: string }): Promise<void>;
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
