import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTODY_LOCATIONS } from '../../workflows/shared/job-model.js';
import { JOB_KINDS } from '../jobs/job.entity.js';
import { type StoreScope, storeCondition } from './manager-scope.js';

export class HeldItemView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ example: 'R-001234-1' }) jobNumber!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ example: 'piece', description: "`piece`, or `own-1`... for a customer's own stones in a custom order." }) itemKey!: string;
  @ApiProperty({ example: 'Yellow metal ring, customer stated 14k' }) description!: string;
  @ApiProperty({ example: 'Maria' }) customerFirstName!: string;
  @ApiProperty({ example: 'carl', description: 'Who answers for it now.' }) holderName!: string;
  @ApiProperty({ enum: ['staff', 'vendor', 'customer', 'store', 'carrier'] }) holderKind!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Safe 1, drawer 3' }) detail!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 250000, description: 'Declared value in minor units; null when none was declared.' }) declaredValueMinor!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'USD' }) currency!: string | null;
}

export class ValueTotalView {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 1250000 }) declaredValueMinor!: number;
}

export class CustodyLocationView {
  @ApiProperty({ enum: CUSTODY_LOCATIONS, example: 'safe' }) location!: string;
  @ApiProperty({ example: 12 }) itemCount!: number;
  @ApiProperty({ example: 2, description: 'Items held there with no declared value.' }) undeclaredCount!: number;
  @ApiProperty({ type: ValueTotalView, isArray: true, description: 'Total declared value held there, per currency.' }) totals!: ValueTotalView[];
  @ApiProperty({ type: HeldItemView, isArray: true, description: 'Longest held first.' }) items!: HeldItemView[];
}

export class CustodyReportView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ example: 40 }) itemCount!: number;
  @ApiProperty({ type: ValueTotalView, isArray: true, description: 'Everything in the shop’s care, per currency.' }) totals!: ValueTotalView[];
  @ApiProperty({ type: CustodyLocationView, isArray: true, description: 'One entry per location that holds anything.' }) locations!: CustodyLocationView[];
}

interface HeldRow {
  job_id: string;
  kind: string;
  number: string;
  store_id: string;
  key: string;
  description: string;
  first_name: string;
  custody_location: string;
  custody_holder_kind: string;
  custody_holder_name: string;
  custody_detail: string | null;
  custody_since: Date | string;
  declared_value_minor: number | null;
  currency: string | null;
}

/**
 * Everything in the shop's care now (customers' pieces, the customers' own stones in custom
 * orders, vendors holding them on the shop's behalf), where, with whom, since when, and the
 * declared value per location: what the jewelers' block insurer asks for.
 */
@Injectable()
export class CustodyReport {
  constructor(private readonly em: EntityManager) {}

  async of(scope: StoreScope, now = new Date()): Promise<CustodyReportView> {
    const stores = storeCondition(scope, 'j.store_id');
    const rows = await this.em.getConnection().execute<HeldRow[]>(
      // The few items held, each looked up with its job (a lateral join, so the planner never scans every job ever taken in).
      `select i.job_id, j.kind, j.number, j.store_id, i.key, i.description, j.first_name, i.custody_location, i.custody_holder_kind,
              i.custody_holder_name, i.custody_detail, i.custody_since, i.declared_value_minor, i.currency
         from job_items i
         cross join lateral (select j.kind, j.number, j.store_id, c.first_name from jobs j join customers c on c.id = j.customer_id where j.id = i.job_id offset 0) as j
        where i.custody_location <> 'customer' and ${stores.sql}
        order by i.custody_since, j.number, i.key`,
      stores.params,
    );
    const byLocation = new Map<string, HeldItemView[]>();
    for (const row of rows) {
      const items = byLocation.get(row.custody_location) ?? [];
      items.push({
        jobId: row.job_id,
        kind: row.kind,
        jobNumber: row.number,
        storeId: row.store_id,
        itemKey: row.key,
        description: row.description,
        customerFirstName: row.first_name,
        holderName: row.custody_holder_name,
        holderKind: row.custody_holder_kind,
        detail: row.custody_detail,
        since: new Date(row.custody_since).toISOString(),
        declaredValueMinor: row.declared_value_minor === null ? null : Number(row.declared_value_minor),
        currency: row.currency,
      });
      byLocation.set(row.custody_location, items);
    }
    const locations = CUSTODY_LOCATIONS.filter((location) => byLocation.has(location)).map((location) => {
      const items = byLocation.get(location) ?? [];
      return { location, itemCount: items.length, undeclaredCount: items.filter((item) => item.declaredValueMinor === null).length, totals: totalsOf(items), items };
    });
    const all = locations.flatMap((location) => location.items);
    return { asOf: now.toISOString(), itemCount: all.length, totals: totalsOf(all), locations };
  }
}

function totalsOf(items: HeldItemView[]): ValueTotalView[] {
  const totals = new Map<string, number>();
  for (const item of items) {
    if (item.declaredValueMinor === null || !item.currency) continue;
    totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.declaredValueMinor);
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, declaredValueMinor]) => ({ currency, declaredValueMinor }));
}
