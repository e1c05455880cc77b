import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApprovalRequest } from '../../workflows/shared/approvals.js';
import { PaymentDto, PriceLineDto } from './dto/job-parts.dto.js';

export class QuoteView {
  @ApiProperty({ type: [PriceLineDto] }) lines!: PriceLineDto[];
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 4500, description: 'Sum of the lines, minor units.' }) totalMinor!: number;
}

export class ApprovalDecisionView {
  @ApiProperty({ enum: ['approved', 'declined', 'changes_requested', 'expired', 'auto_approved', 'superseded', 'withdrawn'] }) outcome!: string;
  @ApiProperty({ example: 'Maria (sms)', description: 'Who answered, and through which channel.' }) by!: string;
  @ApiProperty({ example: 'sms' }) channel!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
}

export class ApprovalView {
  @ApiProperty({ example: 'estimate-1', description: 'What an answer names.' }) id!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: QuoteView }) quote!: QuoteView | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty() reminded!: boolean;
  @ApiPropertyOptional({ nullable: true, type: ApprovalDecisionView }) decision!: ApprovalDecisionView | null;
}

export class RecordedPaymentView extends PaymentDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** An approval request (estimate, design, try-on) as staff see it. */
export function approvalView(request: ApprovalRequest): ApprovalView {
  const decision = request.decision;
  return {
    id: request.id,
    requestedAt: request.requestedAt,
    quote: request.quote,
    expiresAt: request.expiresAt ? new Date(request.expiresAt).toISOString() : null,
    reminded: request.reminded,
    decision: decision && {
      outcome: decision.outcome,
      by: decision.actor.name,
      channel: decision.actor.channel,
      at: decision.at,
      reason: decision.reason ?? decision.comment ?? null,
    },
  };
}
