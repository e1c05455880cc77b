import { Module, type OnModuleInit } from '@nestjs/common';
import { NoticeComposers } from '../jobs/customer-notices.js';
import { JobsWorkerModule } from '../jobs/jobs-worker.module.js';
import { OrderNoticeComposer } from './order-notices.js';

/** Custom orders in the worker: their customers' messages (the workflow uses the shared job activities). */
@Module({ imports: [JobsWorkerModule] })
export class OrdersWorkerModule implements OnModuleInit {
  constructor(private readonly composers: NoticeComposers) {}

  onModuleInit(): void {
    this.composers.register(new OrderNoticeComposer());
  }
}
