import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from '../customers/customer.entity.js';

/** The customer a message goes to: a record merged into another sends to the survivor. */
export async function recipientOf(em: EntityManager, customerId: string): Promise<Customer> {
  let customer = await em.findOneOrFail(Customer, { id: customerId });
  for (let hops = 0; customer.mergedInto && hops < 10; hops += 1) customer = await em.findOneOrFail(Customer, { id: customer.mergedInto });
  return customer;
}
