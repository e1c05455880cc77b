import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordStores, type ScopedRecord } from '../platform/auth/staff-auth.guard.js';

const STORE_OF: Record<ScopedRecord, string> = {
  repair: `select store_id from jobs where id = ? and kind = 'repair'`,
  order: `select store_id from jobs where id = ? and kind = 'custom_order'`,
  job: 'select store_id from jobs where id = ?',
  alert: 'select store_id from manager_alerts where id = ?',
  store: 'select id as store_id from stores where id = ?',
  piece: 'select store_id from pieces where id = ?',
};

/** The store of a job, an alert or a store itself, for the guard's store check: one indexed lookup. */
@Injectable()
export class RecordStoresLookup extends RecordStores {
  constructor(private readonly em: EntityManager) {
    super();
  }

  override async storeOf(record: ScopedRecord, id: string): Promise<string | undefined> {
    const rows = await this.em.getConnection().execute<{ store_id: string }[]>(STORE_OF[record], [id]);
    return rows[0]?.store_id;
  }
}
