import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RepairStateView } from '../../workflows/repair-job/contract.js';
import { REPAIR_ACTIONS, REPAIR_STAGE_TABLE } from '../../workflows/repair-job/stages.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { MoneyDto } from '../jobs/dto/job-parts.dto.js';
import { PhotoView } from '../photos/photo.view.js';
import { ApprovalDecisionView, ApprovalView, QuoteView, RecordedPaymentView, approvalView } from '../jobs/job-parts.view.js';

export { ApprovalDecisionView, ApprovalView, QuoteView, RecordedPaymentView };
import type { JobItem } from '../jobs/job-item.entity.js';
import { JobItemView, JobView, itemView } from '../jobs/job.view.js';
import type { Job } from '../jobs/job.entity.js';
import type { AppConfig } from '../platform/config/app-config.js';
import type { RepairJob } from './repair-job.entity.js';

export class VendorView {
  @ApiProperty() name!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date-time' }) sentOn!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the expected return day.' }) expectedBackAt!: string;
}

export class PickupView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() recordedBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) typedName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) signaturePhotoId!: string | null;
  @ApiProperty() idChecked!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) warrantyEndsOn!: string | null;
}

/** A repair as staff see it: the job, the piece, and (from the workflow) estimate, approvals, payments and what may be done now. */
export class RepairView extends JobView {
  @ApiProperty({ example: 1 }) itemIndex!: number;
  @ApiProperty({ example: 2, description: 'Jobs on this ticket ("job 1 of 2").' }) itemCount!: number;
  @ApiProperty() itemDescription!: string;
  @ApiProperty() workRequested!: string;
  @ApiProperty({ type: MoneyDto }) declaredValue!: MoneyDto;
  @ApiPropertyOptional({ nullable: true, type: MoneyDto }) goAheadLimit!: MoneyDto | null;
  @ApiProperty({ type: JobItemView, isArray: true, description: 'Everything held for the job, where, and with whom.' }) items!: JobItemView[];
  @ApiProperty({ description: 'False when the workflow could not answer: the fields below it are then empty and the rest comes from the projection.' }) live!: boolean;
  @ApiProperty({ enum: REPAIR_ACTIONS, isArray: true, description: 'What the caller may do now (each has its route).' }) allowedActions!: string[];
  @ApiPropertyOptional({ nullable: true, enum: ['in_progress', 'repaired', 'returned_unrepaired', 'cancelled'] }) outcome!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) returnReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: QuoteView }) estimate!: QuoteView | null;
  @ApiProperty({ type: ApprovalView, isArray: true }) approvals!: ApprovalView[];
  @ApiProperty({ type: RecordedPaymentView, isArray: true }) payments!: RecordedPaymentView[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Still to pay at pickup, minor units.' }) amountDueMinor!: number | null;
  @ApiProperty({ description: 'Quality checks failed so far.' }) qcRounds!: number;
  @ApiPropertyOptional({ nullable: true, type: VendorView }) vendor!: VendorView | null;
  @ApiProperty({ type: [String], description: 'The photos the quality check named as the finished work (sent to the customer).' }) completionPhotoIds!: string[];
  @ApiProperty({ type: [PhotoView], description: 'Every photo kept with the job: at take-in, of the finished work, a drawn signature.' }) photos!: PhotoView[];
  @ApiPropertyOptional({ nullable: true, type: PickupView }) pickup!: PickupView | null;
}

export class TicketView {
  @ApiProperty({ example: 'R-001234' }) ticketNumber!: string;
  @ApiProperty({ type: RepairView, isArray: true, description: 'One job per piece, in the order taken in.' }) jobs!: RepairView[];
}

/** The repair's view from its projection row, its details and (when it answered) its workflow's state. */
export function repairView(
  job: Job,
  repair: RepairJob,
  items: Omit<JobItem, 'job'>[],
  state: RepairStateView | undefined,
  viewer: Actor | undefined,
  config: AppConfig,
  photos: PhotoView[] = [],
): RepairView {
  const live = state !== undefined && 'takeIn' in state;
  return {
    ...JobView.of(job, config),
    itemIndex: repair.itemIndex,
    itemCount: repair.itemCount,
    itemDescription: repair.itemDescription,
    workRequested: repair.workRequested,
    declaredValue: { amountMinor: repair.declaredValueMinor, currency: repair.currency },
    goAheadLimit: repair.goAheadLimitMinor === null || repair.goAheadLimitMinor === undefined ? null : { amountMinor: repair.goAheadLimitMinor, currency: repair.currency },
    items: items.map(itemView),
    live,
    allowedActions: live ? REPAIR_STAGE_TABLE.allowedActions(state.stage, viewer) : [],
    outcome: live ? state.outcome : null,
    returnReason: live ? state.returnReason : null,
    estimate: live ? state.estimate : null,
    approvals: live ? state.approvals.filter((request) => request.subject === 'estimate').map(approvalView) : [],
    payments: live ? state.payments.map((payment) => ({ ...payment, reference: payment.reference })) : [],
    amountDueMinor: live ? state.amountDueMinor : null,
    qcRounds: live ? state.qcRounds : 0,
    vendor: live ? state.vendor : null,
    completionPhotoIds: live ? state.completionPhotoIds : [],
    photos,
    pickup:
      live && state.pickup
        ? {
            at: state.pickup.at,
            recordedBy: state.pickup.recordedBy.name,
            typedName: state.pickup.confirmation.typedName ?? null,
            signaturePhotoId: state.pickup.confirmation.signaturePhotoId ?? null,
            idChecked: state.pickup.idChecked,
            warrantyEndsOn: state.pickup.warrantyEndsOn,
          }
        : null,
  };
}
