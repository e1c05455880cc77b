import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf } from '../audit/audit-trail.service.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { type FieldProblem, validationFailed } from '../platform/http/validation.js';
import { METALS, type Metal } from '../pieces/piece.entity.js';
import { MetalPrice } from './metal-price.entity.js';

export interface MetalPriceInput {
  metal: Metal;
  day: string;
  pricePerGramMinor: number;
  currency: string;
}

const CSV_HEADER = ['day', 'metal', 'price_per_gram', 'currency'];
const MAX_CSV_ROWS = 10_000;

/** The day's metal prices, entered by a manager or imported from the supplier's CSV. */
@Injectable()
export class MetalPrices {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  /** Sets the prices (a price already entered for that metal, day and currency is replaced). */
  async record(staff: StaffMember, prices: MetalPriceInput[]): Promise<number> {
    const em = this.em.fork();
    await em.transactional(async (tx) => {
      for (const price of prices) {
        const existing = await tx.findOne(MetalPrice, { metal: price.metal, day: price.day, currency: price.currency });
        if (existing?.pricePerGramMinor === price.pricePerGramMinor) continue;
        const row = existing ?? tx.create(MetalPrice, { id: randomUUID(), ...price, enteredById: staff.id, enteredByName: staff.name, enteredAt: new Date() });
        const before = existing?.pricePerGramMinor ?? null;
        Object.assign(row, { pricePerGramMinor: price.pricePerGramMinor, enteredById: staff.id, enteredByName: staff.name, enteredAt: new Date() });
        this.audit.record(tx, auditActorOf(staff), {
          action: existing ? 'update' : 'create',
          recordType: 'metal_price',
          recordId: `${price.metal}:${price.day}:${price.currency}`,
          changes: { pricePerGramMinor: { before, after: price.pricePerGramMinor } },
        });
      }
    });
    return prices.length;
  }

  /**
   * Reads a supplier CSV: `day,metal,price_per_gram,currency` with a header line, the price in
   * major units (`81.25`). Every bad line is named; nothing is kept unless every line is good.
   */
  parseCsv(text: string): MetalPriceInput[] {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    const header = lines.shift()?.toLowerCase().split(',').map((cell) => cell.trim());
    if (!header || header.join(',') !== CSV_HEADER.join(',')) throw validationFailed([{ field: 'csv', problems: [`the first line must be ${CSV_HEADER.join(',')}`] }]);
    if (lines.length > MAX_CSV_ROWS) throw validationFailed([{ field: 'csv', problems: [`at most ${MAX_CSV_ROWS} lines at once`] }]);
    const problems: FieldProblem[] = [];
    const prices = lines.map((line, index) => {
      const field = `csv.line ${index + 2}`;
      const [day, metal, price, currency, ...rest] = line.split(',').map((cell) => cell.trim());
      const wrong: string[] = [];
      if (rest.length > 0 || currency === undefined) wrong.push('needs exactly 4 values');
      if (!isDay(day)) wrong.push(`"${day}" is not a date (YYYY-MM-DD)`);
      if (!(METALS as readonly string[]).includes(metal?.toLowerCase())) wrong.push(`metal must be one of ${METALS.join(', ')}`);
      if (!/^\d{1,7}(\.\d{1,2})?$/.test(price ?? '')) wrong.push('price_per_gram must be a positive amount with at most 2 decimals');
      if (!/^[A-Za-z]{3}$/.test(currency ?? '')) wrong.push('currency must be a 3-letter code');
      if (wrong.length > 0) problems.push({ field, problems: wrong.map((problem) => `${field}: ${problem}`) });
      return { day, metal: metal?.toLowerCase() as Metal, pricePerGramMinor: Math.round(Number(price) * 100), currency: currency?.toUpperCase() };
    });
    if (problems.length > 0) throw validationFailed(problems);
    return prices;
  }

  list(filters: { metal?: Metal; from?: string; to?: string; currency?: string }): Promise<MetalPrice[]> {
    return this.em.fork().find(
      MetalPrice,
      {
        ...(filters.metal ? { metal: filters.metal } : {}),
        ...(filters.currency ? { currency: filters.currency } : {}),
        ...(filters.from || filters.to ? { day: { ...(filters.from ? { $gte: filters.from } : {}), ...(filters.to ? { $lte: filters.to } : {}) } } : {}),
      },
      { orderBy: { day: 'desc', metal: 'asc' }, limit: 1000 },
    );
  }

  /** The price in force on a day: that day's, else the latest before it. */
  priceOn(metal: Metal, day: string, currency: string, em: EntityManager = this.em.fork()): Promise<MetalPrice | null> {
    return em.findOne(MetalPrice, { metal, currency, day: { $lte: day } }, { orderBy: { day: 'desc' } });
  }
}

export function isDay(value: string | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
