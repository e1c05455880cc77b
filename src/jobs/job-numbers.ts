import type { EntityManager } from '@mikro-orm/postgresql';

/** The next ticket number of a store for a kind of job, handed out by the database (two counters never print the same). */
export async function nextTicketNumber(em: EntityManager, storeId: string, prefix: string): Promise<number> {
  const [row] = await em.execute<{ last_value: number }[]>(
    `insert into job_number_counters (store_id, prefix, last_value) values (?, ?, 1001)
     on conflict (store_id, prefix) do update set last_value = job_number_counters.last_value + 1 returning last_value`,
    [storeId, prefix],
  );
  return Number(row.last_value);
}
