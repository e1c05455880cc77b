import { randomInt } from 'node:crypto';

export function aCustomer(overrides: Record<string, unknown> = {}) {
  return { firstName: 'Maria', lastName: 'Lopez', phone: `+1555${randomInt(1_000_000, 9_999_999)}`, email: 'maria@example.com', ...overrides };
}

export function aRepair(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    itemDescription: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
    workRequested: 'Size from 7 to 5.5; retip 4 prongs',
    declaredValue: { amountMinor: 125_000, currency: 'USD' },
    ...overrides,
  };
}
