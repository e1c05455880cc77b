import type { AtelierStack } from './atelier-stack.js';
import { aCustomer, aSmallJob } from './builders.js';
import { type HttpMethod, request } from './http.js';
import { sql } from './sql.js';
import { STAFF } from './test-config.js';

export type StaffName = keyof typeof STAFF;

export interface TakenRepair {
  id: string;
  number: string;
  workflowId: string;
}

/** The test shop's staff at work on a running stack: requests as any of them, repairs taken in and moved along. */
export function shopClient(stack: () => AtelierStack) {
  const call = (method: HttpMethod, url: string, body?: unknown, as: StaffName = 'counter') => request(stack().api, method, url, { token: STAFF[as].token, body });
  const act = (repairId: string, action: string, body: unknown = {}, as: StaffName = 'counter') => call('POST', `/repairs/${repairId}/${action}`, body, as);

  /** A new customer's repair, taken in at the counter (by default one small enough to be approved at once). */
  async function aRepair(body: (customerId: string) => object = aSmallJob): Promise<TakenRepair> {
    const customer = await call('POST', '/customers', aCustomer());
    expect(customer.status).toBe(201);
    const taken = await call('POST', '/repairs', body(customer.body.id));
    expect(taken.status).toBe(201);
    const { id, number } = taken.body.jobs[0] as { id: string; number: string };
    const [{ workflow_id: workflowId }] = await sql<{ workflow_id: string }>(stack().database.url, 'select workflow_id from jobs where id = $1', [id]);
    return { id, number, workflowId };
  }

  /** The balance paid in cash and the piece handed over to the customer, who types their name. */
  const pickUp = (repairId: string, amountMinor = 4_500) =>
    act(repairId, 'pickup', { payments: [{ kind: 'balance', amount: { amountMinor, currency: 'USD' }, method: 'cash' }], confirmation: { typedName: 'M. Lopez' }, idChecked: false });

  return { call, act, aRepair, pickUp };
}
