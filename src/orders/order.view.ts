import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderStateView } from '../../workflows/custom-order/contract.js';
import { ORDER_ACTIONS, ORDER_STAGE_TABLE } from '../../workflows/custom-order/stages.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { ApprovalView, QuoteView, RecordedPaymentView, approvalView } from '../jobs/job-parts.view.js';
import type { JobItem } from '../jobs/job-item.entity.js';
import { JobItemView, JobView, itemView } from '../jobs/job.view.js';
import type { Job } from '../jobs/job.entity.js';
import { PhotoView } from '../photos/photo.view.js';
import type { AppConfig } from '../platform/config/app-config.js';
import type { CustomOrder } from './custom-order.entity.js';

export class BriefView {
  @ApiProperty() customerWords!: string;
  @ApiProperty() spec!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) occasionKind!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-02-14' }) occasionDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) budgetMinMinor!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) budgetMaxMinor!: number | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
}

export class DesignVersionView {
  @ApiProperty({ example: 'design-2' }) approvalId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String] }) fileIds!: string[];
  @ApiProperty() notes!: string;
  @ApiProperty({ type: QuoteView }) quote!: QuoteView;
  @ApiPropertyOptional({ nullable: true, type: String }) extraRoundAgreement!: string | null;
}

export class ProductionStepView {
  @ApiProperty({ example: 'casting' }) key!: string;
  @ApiProperty({ example: 'casting' }) kind!: string;
  @ApiProperty({ example: 'Casting' }) label!: string;
  @ApiProperty({ enum: ['pending', 'in_progress', 'at_vendor', 'done'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) artisan!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) vendor!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reworkReason!: string | null;
}

export class OrderHandOverView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['pickup', 'shipping'] }) method!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) carrier!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) trackingNumber!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() idChecked!: boolean;
}

export class CancellationView {
  @ApiProperty() reason!: string;
  @ApiProperty() keptMinor!: number;
  @ApiProperty() refundedMinor!: number;
}

/** A custom order as staff see it: the job, the brief, and (from the workflow) designs, production and money. */
export class OrderView extends JobView {
  @ApiProperty({ type: BriefView }) brief!: BriefView;
  @ApiProperty({ type: JobItemView, isArray: true, description: "The customer's own materials and the piece being made: where, with whom." }) items!: JobItemView[];
  @ApiProperty({ description: 'False when the workflow could not answer: the fields below it are then empty and the rest comes from the projection.' }) live!: boolean;
  @ApiProperty({ enum: ORDER_ACTIONS, isArray: true, description: 'What the caller may do now (each has its route).' }) allowedActions!: string[];
  @ApiProperty({ type: DesignVersionView, isArray: true, description: 'Every design round, oldest first.' }) designs!: DesignVersionView[];
  @ApiProperty({ type: ApprovalView, isArray: true, description: 'Every design and try-on put to the customer, with the answer.' }) approvals!: ApprovalView[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The version the customer approved (what production makes).' }) approvedVersion!: number | null;
  @ApiProperty({ description: 'Paid before production starts, minor units.' }) depositRequiredMinor!: number;
  @ApiProperty() paidMinor!: number;
  @ApiProperty({ description: 'Still due at the hand-over, minor units.' }) amountDueMinor!: number;
  @ApiProperty() tryOn!: boolean;
  @ApiProperty({ type: ProductionStepView, isArray: true }) steps!: ProductionStepView[];
  @ApiProperty() qcRounds!: number;
  @ApiProperty({ type: RecordedPaymentView, isArray: true }) payments!: RecordedPaymentView[];
  @ApiPropertyOptional({ nullable: true, type: OrderHandOverView }) handOver!: OrderHandOverView | null;
  @ApiPropertyOptional({ nullable: true, type: CancellationView }) cancellation!: CancellationView | null;
  @ApiProperty({ type: [PhotoView], description: 'Design files, photos of the finished piece, a drawn signature.' }) photos!: PhotoView[];
}

/** The order's view from its projection row, its brief and (when it answered) its workflow's state. */
export function orderView(job: Job, order: CustomOrder, items: Omit<JobItem, 'job'>[], state: OrderStateView | undefined, viewer: Actor, config: AppConfig, photos: PhotoView[]): OrderView {
  return {
    ...JobView.of(job, config),
    brief: {
      customerWords: order.customerWords,
      spec: order.spec,
      occasionKind: order.occasionKind ?? null,
      occasionDate: order.occasionDate ?? null,
      budgetMinMinor: order.budgetMinMinor ?? null,
      budgetMaxMinor: order.budgetMaxMinor ?? null,
      currency: order.currency,
    },
    items: items.map(itemView),
    live: state !== undefined,
    allowedActions: state ? ORDER_STAGE_TABLE.allowedActions(state.stage, viewer) : [],
    designs: state?.designs.map((design) => ({ ...design })) ?? [],
    approvals: state?.approvals.map(approvalView) ?? [],
    approvedVersion: state?.approvedDesign?.version ?? null,
    depositRequiredMinor: state?.depositRequiredMinor ?? 0,
    paidMinor: state?.paidMinor ?? 0,
    amountDueMinor: state?.amountDueMinor ?? 0,
    tryOn: state?.tryOn ?? false,
    steps:
      state?.steps.map((step) => ({
        key: step.key,
        kind: step.kind,
        label: step.label,
        status: step.status,
        artisan: step.artisan?.name ?? null,
        vendor: step.vendor ? `${step.vendor.name} (${step.vendor.reference})` : null,
        reworkReason: step.reworkReason,
      })) ?? [],
    qcRounds: state?.qcRounds ?? 0,
    payments: state?.payments.map((payment) => ({ ...payment })) ?? [],
    handOver: state?.handOver
      ? {
          at: state.handOver.at,
          method: state.handOver.method,
          carrier: state.handOver.carrier,
          trackingNumber: state.handOver.trackingNumber,
          recordedBy: state.handOver.recordedBy.name,
          idChecked: state.handOver.idChecked,
        }
      : null,
    cancellation: state?.cancellation ?? null,
    photos,
  };
}
