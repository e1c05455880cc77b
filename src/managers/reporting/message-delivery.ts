import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MESSAGE_CHANNELS } from '../../messaging/templates/notice-catalog.js';
import { addDays, startOfDayIn } from '../../platform/time/shop-calendar.js';
import type { MessagesView } from '../dashboard-views.js';
import { storeCondition } from '../manager-scope.js';
import { rateOf, seriesOf } from './chart.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportScope, scopeView } from './report-scope.js';

const CHANNEL_LABELS: Record<string, string> = { sms: 'Text messages', email: 'Emails' };

/** What each message status counts as. An email has no delivery receipt: the mail server accepting it (`sent`) is its delivery. */
function outcomeOf(channel: string, status: string): 'delivered' | 'sentUnconfirmed' | 'failed' | 'uncertain' | 'pending' | 'suppressed' {
  if (status === 'delivered' || (status === 'sent' && channel === 'email')) return 'delivered';
  if (status === 'sent') return 'sentUnconfirmed';
  if (status === 'failed' || status === 'undelivered') return 'failed';
  if (status === 'queued' || status === 'sending') return 'pending';
  if (status === 'suppressed') return 'suppressed';
  return 'uncertain';
}

/**
 * Messages to customers about the scope's jobs, written in the period (each store's days), per
 * channel, as their status stands now. Delivery rate = delivered (an SMS the carrier confirmed, an
 * email the mail server accepted) / settled (written, less suppressed by design and less still
 * owed). Read from `messages` itself: its status moves after it is written (receipts, retries),
 * and the messaging module's table has no reporting rollup (see the dashboards' notes).
 */
@Injectable()
export class MessageDelivery {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod): Promise<MessagesView> {
    const connection = this.em.getConnection();
    const stores = storeCondition(scope.stores, 'id');
    const zones = await connection.execute<{ id: string; time_zone: string }[]>(`select id, time_zone from stores where ${stores.sql}`, stores.params);
    // Each store's period as instants, from its own calendar.
    const bounds = zones.map(({ id, time_zone }) => ({ id, starts: startOfDayIn(period.from, time_zone).toISOString(), ends: startOfDayIn(addDays(period.to, 1), time_zone).toISOString() }));
    const rows =
      bounds.length === 0
        ? []
        : await connection.execute<{ channel: string; status: string; messages: number }[]>(
            `select m.channel, m.status, count(*)::int as messages
               from jsonb_to_recordset(?::jsonb) as b(store_id uuid, starts timestamptz, ends timestamptz)
               join jobs j on j.store_id = b.store_id ${scope.kind ? 'and j.kind = ?' : ''}
               join messages m on m.job_id = j.id and m.created_at >= b.starts and m.created_at < b.ends
              group by m.channel, m.status`,
            [JSON.stringify(bounds.map(({ id, starts, ends }) => ({ store_id: id, starts, ends }))), ...(scope.kind ? [scope.kind] : [])],
          );
    const channels = [...MESSAGE_CHANNELS, ...[...new Set(rows.map((row) => row.channel))].filter((channel) => !(MESSAGE_CHANNELS as readonly string[]).includes(channel)).sort()];
    const keys = ['written', 'delivered', 'sentUnconfirmed', 'failed', 'uncertain', 'pending', 'suppressed'] as const;
    const counts = channels.map(() => Object.fromEntries(keys.map((key) => [key, 0])) as Record<(typeof keys)[number], number>);
    for (const row of rows) {
      const count = counts[channels.indexOf(row.channel)];
      count.written += row.messages;
      count[outcomeOf(row.channel, row.status)] += row.messages;
    }
    const settled = (count: (typeof counts)[number]) => count.written - count.suppressed - count.pending;
    const labels: Record<(typeof keys)[number], string> = {
      written: 'Written',
      delivered: 'Delivered',
      sentUnconfirmed: 'Sent, no receipt yet',
      failed: 'Failed or undelivered',
      uncertain: 'Outcome uncertain',
      pending: 'Still owed',
      suppressed: 'Not sent by design (no consent, no address)',
    };
    return {
      scope: scopeView(scope),
      period,
      x: channels.map((channel) => ({ key: channel, label: CHANNEL_LABELS[channel] ?? channel })),
      series: [
        ...keys.map((key) => seriesOf(key, labels[key], 'messages', counts.map((count) => count[key]))),
        seriesOf('deliveryRate', 'Delivery rate', 'ratio', counts.map((count) => rateOf(count.delivered, settled(count)).ratio)),
      ],
      total: {
        delivery: rateOf(counts.reduce((sum, count) => sum + count.delivered, 0), counts.reduce((sum, count) => sum + settled(count), 0)),
        written: counts.reduce((sum, count) => sum + count.written, 0),
      },
    };
  }
}
