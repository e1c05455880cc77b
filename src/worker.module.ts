import { type DynamicModule, Module } from '@nestjs/common';
import { AuditTrailModule } from './audit/audit.module.js';
import { JobsWorkerModule } from './jobs/jobs-worker.module.js';
import { ManagersWorkerModule } from './managers/managers-worker.module.js';
import { MessageDeliveryModule } from './messaging/message-delivery.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import type { AppConfig } from './platform/config/app-config.js';
import { ConfigModule } from './platform/config/config.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { TemporalModule } from './platform/temporal/temporal.module.js';
import { RepairsWorkerModule } from './repairs/repairs-worker.module.js';
import { OrdersWorkerModule } from './orders/orders-worker.module.js';

/** The worker process: Temporal activities and the outbound message queue consumer. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TemporalModule, AuditTrailModule, MessagingModule, JobsWorkerModule, RepairsWorkerModule, OrdersWorkerModule, MessageDeliveryModule, ManagersWorkerModule],
    };
  }
}
