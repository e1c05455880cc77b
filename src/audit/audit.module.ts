import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service.js';
import { AuditTrail } from './audit-trail.service.js';
import { AuditController } from './audit.controller.js';

/** Writing to the audit trail, for every module of a process. */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditTrailModule {}

/** The API's part: managers read the trail at GET /audit. */
@Module({ imports: [AuditTrailModule], controllers: [AuditController], providers: [AuditLog] })
export class AuditModule {}
