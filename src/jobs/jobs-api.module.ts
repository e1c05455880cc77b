import { Global, Module } from '@nestjs/common';
import { RecordStores } from '../platform/auth/staff-auth.guard.js';
import { AlertsController } from './alerts.controller.js';
import { JobQueries } from './job-queries.service.js';
import { JobTimeline } from './job-timeline.service.js';
import { WorkflowHistories } from './workflow-histories.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { TrackingController } from './tracking.controller.js';
import { TrackingService } from './tracking.service.js';
import { MessagesApiModule } from '../messaging/messages-api.module.js';
import { PhotosModule } from '../photos/photos.module.js';
import { RecordStoresLookup } from './record-stores.service.js';

/** Jobs of every kind, in the API: lists, timelines, scan to move, alerts, tracking. */
@Global()
@Module({
  imports: [MessagesApiModule, PhotosModule],
  controllers: [JobsController, AlertsController, TrackingController],
  providers: [JobQueries, JobsService, JobTimeline, WorkflowHistories, TrackingService, { provide: RecordStores, useClass: RecordStoresLookup }],
  exports: [JobQueries, JobsService, JobTimeline, RecordStores],
})
export class JobsApiModule {}
