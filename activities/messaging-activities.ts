import type { INestApplicationContext } from '@nestjs/common';
import type { MessagingActivities } from '../workflows/message-sweep.contract.js';
import { StrandedMessageSweeper } from '../src/messaging/stranded-message-sweeper.service.js';

/** Thin adapters from the message workflows onto Nest services. */
export function createMessagingActivities({ sweeper }: { sweeper: Pick<StrandedMessageSweeper, 'requeueStranded'> }): MessagingActivities {
  return {
    requeueStrandedMessages: () => sweeper.requeueStranded(),
  };
}

export function messagingActivitiesFrom(app: INestApplicationContext): MessagingActivities {
  return createMessagingActivities({ sweeper: app.get(StrandedMessageSweeper) });
}
