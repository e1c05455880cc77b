import { randomInt } from 'node:crypto';

export function aCustomer(overrides: Record<string, unknown> = {}) {
  return { firstName: 'Maria', lastName: 'Lopez', phone: `+1555${randomInt(1_000_000, 9_999_999)}`, email: 'maria@example.com', ...overrides };
}

export function aPiece(overrides: Record<string, unknown> = {}) {
  return {
    itemDescription: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
    workRequested: 'Size from 7 to 5.5; retip 4 prongs',
    declaredValue: { amountMinor: 45_000, currency: 'USD' },
    ...overrides,
  };
}

/** A take-in of one piece (or of `items`). */
export function aTakeIn(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, items: [aPiece()], ...overrides };
}

/** A take-in whose counter estimate is under the store's auto-approve amount: approved at once. */
export function aSmallJob(customerId: string, overrides: Record<string, unknown> = {}) {
  return aTakeIn(customerId, { items: [aPiece({ estimate: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4_500 }] })], ...overrides });
}
