import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember, StoreScoped, worksIn } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { MANAGER_ALERT_KINDS, ManagerAlert } from './manager-alert.entity.js';
import { jobError } from './job-errors.js';

export class ManagerAlertView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ enum: MANAGER_ALERT_KINDS }) kind!: string;
  @ApiProperty({ example: 'R-001234-1 is late back from Stone Setters Ltd (ref. SS-2291)' }) message!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) acknowledgedBy!: string | null;

  static of(alert: ManagerAlert): ManagerAlertView {
    return {
      id: alert.id,
      storeId: alert.store.id,
      jobId: alert.job.id,
      kind: alert.kind,
      message: alert.message,
      createdAt: alert.createdAt.toISOString(),
      acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: alert.acknowledgedByName ?? null,
    };
  }
}

/** What the managers were told by the jobs' timers (a vendor late, a piece unclaimed), until one of them deals with it. */
@ApiTags('alerts')
@ApiBearerAuth()
@Roles('manager', 'owner')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  @ApiOkResponse({ type: ManagerAlertView, isArray: true, description: 'Alerts nobody has acknowledged yet, oldest first.' })
  async open(@CurrentStaff() staff: StaffMember): Promise<ManagerAlertView[]> {
    const alerts = await this.em.find(ManagerAlert, { acknowledgedAt: null, ...(staff.stores === 'all' ? {} : { store: { $in: staff.stores } }) }, { orderBy: { createdAt: 'asc' }, limit: 500 });
    return alerts.map((alert) => ManagerAlertView.of(alert));
  }

  @Post(':alertId/acknowledge')
  @StoreScoped('alert', 'alertId')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ManagerAlertView })
  @ApiNotFoundResponse({ description: 'ALERT_NOT_FOUND' })
  async acknowledge(@UuidParam('alertId') alertId: string, @CurrentStaff() staff: StaffMember): Promise<ManagerAlertView> {
    const alert = await this.em.findOne(ManagerAlert, { id: alertId });
    if (!alert || !worksIn(staff, alert.store.id)) throw jobError('ALERT_NOT_FOUND', `No alert with id ${alertId}.`);
    if (!alert.acknowledgedAt) Object.assign(alert, { acknowledgedAt: new Date(), acknowledgedByName: staff.name });
    await this.em.flush();
    return ManagerAlertView.of(alert);
  }
}
