import type { INestApplicationContext } from '@nestjs/common';
import { RepairStageProjection } from '../src/repairs/repair-stage-projection.service.js';
import { RepairNotifications } from '../src/messaging/repair-notifications.service.js';
import type { RepairStage } from '../workflows/repair-stages.js';

export interface RecordRepairStageInput {
  repairId: string;
  sequence: number;
  to: RepairStage;
  actor: string;
  at: string;
}

export interface NotifyCustomerOfStageInput {
  repairId: string;
  stage: RepairStage;
  sequence: number;
}

export interface CustomerNotice {
  messageId: string;
  status: string;
}

/** Dependencies of the repair activities, so tests can pass their own. */
export interface RepairActivityDependencies {
  projection: Pick<RepairStageProjection, 'recordStage'>;
  notifications: Pick<RepairNotifications, 'notifyCustomerOfStage'>;
}

/**
 * Thin adapters from the workflow onto Nest services. Each is idempotent: a retried
 * activity finds its earlier work (by repair and stage sequence) and does not repeat it.
 */
export function createRepairActivities({ projection, notifications }: RepairActivityDependencies) {
  return {
    recordRepairStage: (input: RecordRepairStageInput): Promise<void> => projection.recordStage(input),
    notifyCustomerOfStage: (input: NotifyCustomerOfStageInput): Promise<CustomerNotice> =>
      notifications.notifyCustomerOfStage(input),
  };
}

export type RepairActivities = ReturnType<typeof createRepairActivities>;

export function repairActivitiesFrom(app: INestApplicationContext): RepairActivities {
  return createRepairActivities({
    projection: app.get(RepairStageProjection),
    notifications: app.get(RepairNotifications),
  });
}
