import { MikroORM } from '@mikro-orm/postgresql';
import { Customer } from '../customers/customer.entity.js';
import { mikroOrmOptions } from '../platform/database/mikro-orm.options.js';
import { StartupError } from './log.js';

export const DEMO_CUSTOMER = {
  firstName: 'Demo',
  lastName: 'Customer',
  // A 555 number: fictional, never anyone's phone.
  phone: '+15555550100',
  email: 'demo@example.com',
} as const;

export type DemoCustomer =
  | { id: string; created: boolean }
  /** The shop already has customers, none of them the demo one: nothing is added. */
  | undefined;

/**
 * The demo customer of an empty shop: created through the API on the first start (so it goes
 * through the same validation as any customer), found again on later starts.
 */
export async function ensureDemoCustomer(options: { databaseUrl: string; apiUrl: string; staffToken: string }): Promise<DemoCustomer> {
  const orm = await MikroORM.init(mikroOrmOptions(options.databaseUrl));
  let existing: { demoId?: string; customers: number };
  try {
    const em = orm.em.fork();
    const demo = await em.findOne(Customer, { phone: DEMO_CUSTOMER.phone }, { orderBy: { createdAt: 'asc' } });
    existing = { demoId: demo?.id, customers: await em.count(Customer) };
  } finally {
    await orm.close(true);
  }
  if (existing.demoId) return { id: existing.demoId, created: false };
  if (existing.customers > 0) return undefined;

  const response = await fetch(`${options.apiUrl}/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.staffToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_CUSTOMER),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => undefined)) as { id?: string; code?: string; message?: string } | undefined;
  if (response.status !== 201 || !body?.id) {
    throw new StartupError(`Creating the demo customer failed: POST /customers answered ${response.status} ${body?.code ?? ''} ${body?.message ?? ''}`.trim());
  }
  return { id: body.id, created: true };
}
