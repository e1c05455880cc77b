import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule, AuditTrailModule } from './audit/audit.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { JobsApiModule } from './jobs/jobs-api.module.js';
import { ManagersModule } from './managers/managers.module.js';
import { MessagesApiModule } from './messaging/messages-api.module.js';
import { StaffAuthGuard } from './platform/auth/staff-auth.guard.js';
import type { AppConfig } from './platform/config/app-config.js';
import { ConfigModule } from './platform/config/config.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { HealthController } from './platform/http/health.controller.js';
import { HttpErrorFilter } from './platform/http/http-error.filter.js';
import { TemporalModule } from './platform/temporal/temporal.module.js';
import { MetalPricesModule } from './metal-prices/metal-prices.module.js';
import { PhotosModule } from './photos/photos.module.js';
import { PiecesModule } from './pieces/pieces.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { RepairsModule } from './repairs/repairs.module.js';
import { StaffModule } from './staff/staff.module.js';
import { StoresModule } from './stores/stores.module.js';

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TemporalModule, AuditTrailModule, AuditModule, StaffModule, StoresModule, CustomersModule, JobsApiModule, RepairsModule, OrdersModule, MessagesApiModule, PiecesModule, MetalPricesModule, PhotosModule, ManagersModule],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: StaffAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
