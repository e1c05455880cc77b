import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Job } from '../jobs/job.entity.js';
import { JobView } from '../jobs/job.view.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { CustomerConsentChange, CustomerInteraction, CustomerOccasion } from './customer-records.entity.js';
import { ConsentChangeView, CustomerProfileView, CustomerView, InteractionView, type MoneyTotalView, OccasionView } from './customer.view.js';
import { CustomersService } from './customers.service.js';

/** A customer's whole page: details, consent history, dates, notes, jobs and lifetime value. */
@Injectable()
export class CustomerProfiles {
  constructor(
    private readonly em: EntityManager,
    private readonly customers: CustomersService,
    private readonly config: AppConfig,
  ) {}

  async of(id: string, viewer: StaffMember): Promise<CustomerProfileView> {
    const em = this.em.fork();
    const customer = await this.customers.get(id, em);
    const [consents, occasions, interactions, jobs, lifetimeValue] = await Promise.all([
      em.find(CustomerConsentChange, { customer: id }, { orderBy: { at: 'desc', id: 'asc' } }),
      em.find(CustomerOccasion, { customer: id }, { orderBy: { date: 'asc' } }),
      em.find(CustomerInteraction, { customer: id }, { orderBy: { at: 'desc', id: 'asc' }, limit: 50 }),
      em.find(Job, { customer: id, ...(viewer.stores === 'all' ? {} : { store: { $in: viewer.stores } }) }, { orderBy: { createdAt: 'desc' }, limit: 100 }),
      this.lifetimeValue(em, id),
    ]);
    return {
      ...CustomerView.of(customer),
      consentHistory: consents.map(ConsentChangeView.of),
      occasions: occasions.map(OccasionView.of),
      interactions: interactions.map(InteractionView.of),
      lifetimeValue,
      jobs: jobs.map((job) => JobView.of(job, this.config)),
    };
  }

  private async lifetimeValue(em: EntityManager, customerId: string): Promise<MoneyTotalView[]> {
    const rows = await em.execute<{ currency: string; total: string }[]>(
      `select currency, sum(case when kind = 'refund' then -amount_minor else amount_minor end) as total
         from payments where customer_id = ? group by currency order by currency`,
      [customerId],
    );
    return rows.map((row) => ({ currency: row.currency, amountMinor: Number(row.total) }));
  }
}
