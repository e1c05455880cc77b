import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { decideDesignUpdate, decideTryOnUpdate, getOrderStateQuery } from '../../workflows/custom-order/contract.js';
import { Job } from '../jobs/job.entity.js';
import { type PendingAnswer, ReplyTargets } from '../messaging/reply-targets.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';

/** An order's design version or try-on waiting for the customer: answered by text, as at the counter. */
@Injectable()
export class OrderReplies implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
    private readonly targets: ReplyTargets,
  ) {}

  onModuleInit(): void {
    this.targets.register({ pendingFor: (customerIds) => this.pendingFor(customerIds) });
  }

  private async pendingFor(customerIds: string[]): Promise<PendingAnswer[]> {
    const waiting = await this.em.fork().find(Job, { kind: 'custom_order', stage: { $in: ['awaiting_design_approval', 'awaiting_try_on'] }, customer: { $in: customerIds } });
    const questions = await Promise.all(
      waiting.map(async (job): Promise<PendingAnswer | undefined> => {
        const state = await this.temporal.query(job.workflowId, getOrderStateQuery);
        const open = state?.approvals.find((request) => !request.decision);
        if (!open) return undefined;
        return {
          jobId: job.id,
          jobNumber: job.number,
          customerId: job.customer.id,
          storeId: job.store.id,
          question: open.subject === 'design' ? `design version ${open.version}` : 'the try-on',
          approvalId: open.id,
          quote: open.quote,
          declineLabel: 'Ask for changes',
          answer: async (decision, customer, how) => {
            const actor = { kind: 'customer' as const, id: customer.id, name: customer.firstName, channel: how.channel };
            const request = { actor, approvalId: open.id, decision: decision === 'approve' ? ('approve' as const) : ('request_changes' as const), typedName: how.typedName, comment: how.comment };
            await this.temporal.update(job.workflowId, open.subject === 'design' ? decideDesignUpdate : decideTryOnUpdate, request, how.answerId);
          },
        };
      }),
    );
    return questions.filter((question) => question !== undefined);
  }
}
