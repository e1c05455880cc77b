import { Module } from '@nestjs/common';
import { StoresModule } from '../../stores/stores.module.js';
import { DigestScheduleFollower } from './digest-schedule-follower.js';
import { DigestUnsubscribeController } from './digest-unsubscribe.controller.js';
import { ManagerDigestSchedules } from './manager-digest-schedules.service.js';

/** The managers' digest in the API: each store's schedule follows its policy; the digest's unsubscribe link. */
@Module({
  imports: [StoresModule],
  controllers: [DigestUnsubscribeController],
  providers: [ManagerDigestSchedules, DigestScheduleFollower],
})
export class ManagerDigestApiModule {}
