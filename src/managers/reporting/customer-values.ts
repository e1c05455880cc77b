import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomerValuesView } from '../dashboard-views.js';
import { numberOf, seriesOf } from './chart.js';
import type { ReportScope } from './report-scope.js';
import { scopeView } from './report-scope.js';

interface ValueRow {
  customer_id: string;
  currency: string;
  first_name: string;
  last_name: string;
  net: string;
  paid: string;
  refunded: string;
  payments: number;
  last_payment_at: Date | string | null;
}

const COLUMNS = 'customer_id, currency, net_minor as net, paid_minor as paid, refunded_minor as refunded, payments, last_payment_at';

/**
 * The customers who paid the scope's stores the most, ever: payments less refunds per currency
 * (all time, not a period: lifetime value), for jobs of the kind asked for; ties by customer id.
 * A merged customer's payments are the survivor's (the merge moves them, and the rollup follows).
 * Every store, or one store, is read off an index in value order; a few stores are summed first.
 */
@Injectable()
export class CustomerValues {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, limit: number, now = new Date()): Promise<CustomerValuesView> {
    const kind = scope.kind ?? '*';
    const { stores } = scope.stores;
    let top: string;
    let params: unknown[];
    if (stores === 'all' || stores.length === 1) {
      const [table, where, whereParams] = stores === 'all' ? ['report_customer_totals', 'job_kind = ?', [kind]] : ['report_customer_values', 'store_id = ?::uuid and job_kind = ?', [stores[0], kind]];
      // The currencies present (a loose index scan), then each one's top of the index.
      top = `with recursive currencies as (
               select min(currency) as currency from ${table} where ${where}
               union all
               select (select min(currency) from ${table} where ${where} and currency > currencies.currency) from currencies where currencies.currency is not null
             )
             select top.* from currencies cross join lateral (
               select ${COLUMNS} from ${table} where ${where} and currency = currencies.currency order by net_minor desc, customer_id desc limit ?) as top`;
      params = [...whereParams, ...whereParams, ...whereParams, limit];
    } else {
      top = `select ${COLUMNS} from (
               select customer_id, currency, sum(net_minor)::bigint as net_minor, sum(paid_minor)::bigint as paid_minor, sum(refunded_minor)::bigint as refunded_minor,
                      sum(payments)::int as payments, max(last_payment_at) as last_payment_at,
                      row_number() over (partition by currency order by sum(net_minor) desc, customer_id desc) as rank
                 from report_customer_values where store_id in (${stores.map(() => '?::uuid').join(', ') || 'null'}) and job_kind = ?
                group by customer_id, currency) as ranked
              where rank <= ?`;
      params = [...stores, kind, limit];
    }
    const rows = await this.em.getConnection().execute<ValueRow[]>(
      `select t.customer_id, t.currency, c.first_name, c.last_name, t.net, t.paid, t.refunded, t.payments, t.last_payment_at
         from (${top}) as t join customers c on c.id = t.customer_id
        order by t.currency, t.net desc, t.customer_id desc`,
      params,
    );
    const currencies = [...new Set(rows.map((row) => row.currency))].map((currency) => {
      const customers = rows
        .filter((row) => row.currency === currency)
        .map((row) => ({
          customerId: row.customer_id,
          firstName: row.first_name,
          lastName: row.last_name,
          netMinor: numberOf(row.net),
          paidMinor: numberOf(row.paid),
          refundedMinor: numberOf(row.refunded),
          payments: row.payments,
          lastPaymentAt: row.last_payment_at === null ? null : new Date(row.last_payment_at).toISOString(),
        }));
      return {
        currency,
        x: customers.map((customer) => ({ key: customer.customerId, label: `${customer.firstName} ${customer.lastName}` })),
        series: [seriesOf('netMinor', 'Lifetime value (payments less refunds)', 'minor_units', customers.map((customer) => customer.netMinor), currency)],
        customers,
      };
    });
    return { asOf: now.toISOString(), scope: scopeView(scope), currencies };
  }
}
