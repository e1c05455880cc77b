import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MESSAGE_CHANNELS } from '../../messaging/templates/notice-catalog.js';
import type { MessagesView } from '../dashboard-views.js';
import { rateOf, seriesOf } from './chart.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportScope, scopeCondition, scopeView } from './report-scope.js';

const CHANNEL_LABELS: Record<string, string> = { sms: 'Text messages', email: 'Emails' };

/** The outcomes `reporting.message_outcome` counts a message's status as (an email the mail server took is delivered). */
const OUTCOMES: Record<string, 'delivered' | 'sentUnconfirmed' | 'failed' | 'uncertain' | 'pending' | 'suppressed'> = {
  delivered: 'delivered',
  sent_unconfirmed: 'sentUnconfirmed',
  failed: 'failed',
  uncertain: 'uncertain',
  pending: 'pending',
  suppressed: 'suppressed',
};

/**
 * Messages to customers about the scope's jobs, written in the period (each store's days), per
 * channel, as their status stands now. Delivery rate = delivered (an SMS the carrier confirmed, an
 * email the mail server accepted) / settled (written, less suppressed by design and less still
 * owed). Read from `report_message_days`, which triggers on `messages` keep as statuses move.
 */
@Injectable()
export class MessageDelivery {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod): Promise<MessagesView> {
    const where = scopeCondition(scope, 'store_id', 'job_kind');
    const rows = await this.em.getConnection().execute<{ channel: string; outcome: string; messages: number }[]>(
      `select channel, outcome, sum(messages)::int as messages from report_message_days
        where day >= ?::date and day <= ?::date and ${where.sql}
        group by channel, outcome`,
      [period.from, period.to, ...where.params],
    );
    const channels = [...MESSAGE_CHANNELS, ...[...new Set(rows.map((row) => row.channel))].filter((channel) => !(MESSAGE_CHANNELS as readonly string[]).includes(channel)).sort()];
    const keys = ['written', 'delivered', 'sentUnconfirmed', 'failed', 'uncertain', 'pending', 'suppressed'] as const;
    const counts = channels.map(() => Object.fromEntries(keys.map((key) => [key, 0])) as Record<(typeof keys)[number], number>);
    for (const row of rows) {
      const count = counts[channels.indexOf(row.channel)];
      count.written += row.messages;
      count[OUTCOMES[row.outcome] ?? 'uncertain'] += row.messages;
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
