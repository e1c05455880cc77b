import { proxyActivities } from '@temporalio/workflow';
import type { MessagingActivities, StrandedMessageSweep } from './message-sweep.contract.js';

const { requeueStrandedMessages } = proxyActivities<MessagingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Started by a Temporal schedule: one sweep of messages the queue lost. */
export async function sweepStrandedMessagesWorkflow(): Promise<StrandedMessageSweep> {
  return requeueStrandedMessages();
}
