import { describeHolder } from '../../workflows/shared/custody.js';
import type { Custody } from '../../workflows/shared/job-model.js';

/** An item of a job and where it is now (the `job_items` row). */
export interface CustodyNow {
  item: string;
  location: string;
  detail: string | null;
  holder: string;
}

interface JournalFact {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Where each of the job's items was after each journal entry, and who held it: the journal's
 * custody moves folded in order. Before an item's first move it was where that move took it from;
 * an item that never moved has been where it is now all along.
 */
export function custodyAlong(events: JournalFact[], itemsNow: CustodyNow[]): CustodyNow[][] {
  const moves = events.filter((event) => event.type === 'custody_changed');
  const where = new Map<string, CustodyNow>();
  for (const item of itemsNow) {
    const first = moves.find((move) => move.data.item === item.item);
    where.set(item.item, first ? custodyView(item.item, first.data.from as Custody) : item);
  }
  return events.map((event) => {
    if (event.type === 'custody_changed' && typeof event.data.item === 'string') where.set(event.data.item, custodyView(event.data.item, event.data.to as Custody));
    return [...where.values()];
  });
}

function custodyView(item: string, custody: Custody): CustodyNow {
  return { item, location: custody.location, detail: custody.detail ?? null, holder: describeHolder(custody.holder) };
}
