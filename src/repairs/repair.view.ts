import { ApiProperty } from '@nestjs/swagger';
import { REPAIR_STAGES, type RepairStage } from '../../workflows/repair-stages.js';
import { MoneyDto } from './dto/create-repair.dto.js';

export class RepairView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Number on the job envelope.', example: 1001 }) envelopeNumber!: number;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() itemDescription!: string;
  @ApiProperty() workRequested!: string;
  @ApiProperty({ type: MoneyDto }) declaredValue!: MoneyDto;
  @ApiProperty({ example: '2026-12-07' }) promisedBy!: string;
  @ApiProperty({ enum: REPAIR_STAGES }) stage!: RepairStage;
  @ApiProperty({ description: 'Where the physical piece is in this stage.' }) pieceLocation!: string;
  @ApiProperty({ enum: REPAIR_STAGES, isArray: true }) allowedNextStages!: readonly RepairStage[];
  @ApiProperty({ format: 'date-time' }) stageChangedAt!: string;
  @ApiProperty() stageChangedBy!: string;
  @ApiProperty({ description: "The customer's tracking link." }) trackingUrl!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TimelineEntryView {
  @ApiProperty({ enum: ['stage_changed', 'message_queued'] }) type!: 'stage_changed' | 'message_queued';
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: REPAIR_STAGES }) stage!: RepairStage;
  @ApiProperty({ required: false, description: 'Staff member who made the stage change.' }) actor?: string;
  @ApiProperty({ required: false, format: 'uuid' }) messageId?: string;
  @ApiProperty({ required: false, description: 'Delivery status of the message now (queued, sent, failed, ...).' })
  messageStatus?: string;
  @ApiProperty({ required: false, enum: ['sms'] }) channel?: string;
  @ApiProperty({ required: false, format: 'date-time', nullable: true }) sentAt?: string | null;
}

export class RepairHistoryView {
  @ApiProperty({ format: 'uuid' }) repairId!: string;
  @ApiProperty({ type: TimelineEntryView, isArray: true }) timeline!: TimelineEntryView[];
}
