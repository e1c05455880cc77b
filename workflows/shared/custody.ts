import { workflowNowIso } from './clock.js';
import type { Custody, CustodyHolder, CustodyItem, CustodyLocation, Money } from './job-model.js';

export interface HandOver {
  location: CustodyLocation;
  holder: CustodyHolder;
  detail?: string;
}

/**
 * Where each thing the shop holds for a job is, and who has it. Every hand-over returns what
 * changed, for the journal's custody event (from, to, when, recorded by whom).
 */
export class CustodyBook {
  constructor(private readonly items: CustodyItem[] = []) {}

  get all(): CustodyItem[] {
    return this.items.map((item) => ({ ...item, custody: { ...item.custody } }));
  }

  item(key: string): CustodyItem | undefined {
    return this.items.find((item) => item.key === key);
  }

  /** The job's main piece: the first item taken in. */
  get main(): CustodyItem {
    return this.items[0];
  }

  takeIn(key: string, description: string, declaredValue: Money | null, to: HandOver): CustodyItem {
    const item: CustodyItem = { key, description, declaredValue, custody: { ...to, since: workflowNowIso() } };
    this.items.push(item);
    return item;
  }

  /** Moves `key` (default: every item still with the shop) to `to`; returns the moves made. */
  handOver(to: HandOver, keys: string[] = this.items.filter((item) => item.custody.location !== 'customer').map((item) => item.key)): CustodyMove[] {
    const moves: CustodyMove[] = [];
    for (const key of keys) {
      const item = this.item(key);
      if (!item || sameCustody(item.custody, to)) continue;
      const from = item.custody;
      item.custody = { ...to, since: workflowNowIso() };
      moves.push({ key, description: item.description, from, to: item.custody });
    }
    return moves;
  }

  /** True while anything of the job is still in the shop's care (or a vendor's on its behalf). */
  get anythingHeld(): boolean {
    return this.items.some((item) => item.custody.location !== 'customer');
  }
}

export interface CustodyMove {
  key: string;
  description: string;
  from: Custody;
  to: Custody;
}

function sameCustody(current: Custody, to: HandOver): boolean {
  return current.location === to.location && current.holder.kind === to.holder.kind && current.holder.id === to.holder.id && current.holder.name === to.holder.name && (current.detail ?? null) === (to.detail ?? null);
}

export function describeHolder(holder: CustodyHolder): string {
  return holder.kind === 'store' ? 'the shop' : holder.name;
}

export function describeMove(move: CustodyMove): string {
  const where = move.to.detail ? `${move.to.location} (${move.to.detail})` : move.to.location;
  return `${move.description}: ${move.from.location} → ${where}, held by ${describeHolder(move.to.holder)}`;
}
