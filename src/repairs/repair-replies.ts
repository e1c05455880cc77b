import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { decideEstimateUpdate, getRepairStateQuery } from '../../workflows/repair-job/contract.js';
import { Job } from '../jobs/job.entity.js';
import { type PendingAnswer, ReplyTargets } from '../messaging/reply-targets.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';

/** A repair's estimate waiting for the customer: answered by text through the same Update staff use. */
@Injectable()
export class RepairReplies implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
    private readonly targets: ReplyTargets,
  ) {}

  onModuleInit(): void {
    this.targets.register({ pendingFor: (customerIds) => this.pendingFor(customerIds) });
  }

  private async pendingFor(customerIds: string[]): Promise<PendingAnswer[]> {
    const waiting = await this.em.fork().find(Job, { kind: 'repair', stage: 'awaiting_approval', customer: { $in: customerIds } });
    const questions = await Promise.all(
      waiting.map(async (job): Promise<PendingAnswer | undefined> => {
        const state = await this.temporal.query(job.workflowId, getRepairStateQuery);
        const open = state?.approvals?.find((request) => request.subject === 'estimate' && !request.decision);
        if (!open) return undefined;
        return {
          jobId: job.id,
          jobNumber: job.number,
          customerId: job.customer.id,
          storeId: job.store.id,
          question: 'the estimate',
          approvalId: open.id,
          quote: open.quote,
          declineLabel: 'Decline',
          answer: async (decision, customer, how) => {
            const actor = { kind: 'customer' as const, id: customer.id, name: customer.firstName, channel: how.channel };
            await this.temporal.update(job.workflowId, decideEstimateUpdate, { actor, approvalId: open.id, decision, typedName: how.typedName, comment: how.comment }, how.answerId);
          },
        };
      }),
    );
    return questions.filter((question) => question !== undefined);
  }
}
