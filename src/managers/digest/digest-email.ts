import { escapeHtml } from '../../messaging/email-layout.js';
import type { CustodyReportView, ValueTotalView } from '../custody-report.service.js';
import { LATE_LISTS, type LateJobView, type LateList, type LateListsView } from '../late-lists.service.js';

/** A list longer than this shows its most late jobs and says how many more there are. */
export const DIGEST_ROWS_PER_LIST = 50;
/** Items listed per custody location (longest held first); the totals always count them all. */
export const DIGEST_ITEMS_PER_LOCATION = 25;

export interface DigestContent {
  store: { name: string; timeZone: string };
  /** The digest's day in the store's time zone, YYYY-MM-DD. */
  localDate: string;
  recipientName: string;
  late: LateListsView;
  custody: CustodyReportView;
  unsubscribeUrl: string;
}

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

const LIST_TITLES: Record<LateList, (waitingDays: number) => string> = {
  overdue: () => 'Overdue',
  waitingOnCustomer: (days) => `Waiting on the customer more than ${days} day${days === 1 ? '' : 's'}`,
  vendorLate: () => 'At a vendor past the expected return',
  unclaimed: () => 'Ready and not collected (unclaimed)',
  stuckInStage: () => 'Stuck in a stage longer than usual',
};

const LOCATION_NAMES: Record<string, string> = {
  counter: 'Counter',
  safe: 'Safe',
  bench: 'Bench',
  vendor: 'At vendors',
  display: 'Display',
  in_transit: 'In transit',
};

/**
 * The managers' digest of one store and day, as text and HTML with the same content: each late list
 * with job number, stage, how late, assignee and where the piece is; the custody report's declared
 * value per location. Customers appear by first name only (no phone numbers, no email addresses).
 */
export function digestEmail(content: DigestContent): DigestEmail {
  const { store, late, custody } = content;
  const lateCount = LATE_LISTS.reduce((sum, list) => sum + late[list].length, 0);
  const day = longDate(content.localDate);
  const subject = `${store.name} daily digest, ${day}: ${lateCount === 0 ? 'nothing late' : `${lateCount} late`}`;
  const time = (iso: string) => localDateTime(iso, store.timeZone);
  const lists = LATE_LISTS.map((list) => ({ list, title: LIST_TITLES[list](late.waitingDays), jobs: late[list] }));
  const shownLists = lists.filter(({ jobs }) => jobs.length > 0);
  const summary = lateCount === 0 ? 'Nothing is late today.' : lists.map(({ title, jobs }) => `${title}: ${jobs.length}`).join(' · ');
  const footer = `You get this digest as a manager of ${store.name}. A manager changes its time or turns it off for the store in the store policy (managerDigestAt).`;

  const text: string[] = [`${store.name}: daily digest for ${day}`, '', `Good morning, ${content.recipientName}.`, '', summary];
  for (const { title, jobs } of shownLists) {
    text.push('', `${title.toUpperCase()} (${jobs.length})`);
    for (const job of jobs.slice(0, DIGEST_ROWS_PER_LIST)) {
      text.push(`- ${job.number} · ${job.customerFirstName} · ${job.summary}`, `  ${job.stageLabel} · ${lateness(job.lateBySeconds)} · ${assignee(job)} · ${whereIs(job)}`, `  ${job.reason}`);
    }
    if (jobs.length > DIGEST_ROWS_PER_LIST) text.push(`  …and ${jobs.length - DIGEST_ROWS_PER_LIST} more.`);
  }
  text.push('', `IN THE SHOP'S CARE: ${itemCount(custody.itemCount)}, ${declared(custody.totals)}`);
  for (const location of custody.locations) {
    text.push(`- ${locationName(location.location)}: ${itemCount(location.itemCount)}, ${declared(location.totals)}${undeclared(location.undeclaredCount)}`);
    for (const item of location.items.slice(0, DIGEST_ITEMS_PER_LOCATION)) {
      text.push(`  ${item.jobNumber} · ${item.customerFirstName} · ${item.description} · with ${item.holderName}${item.detail ? ` (${item.detail})` : ''} since ${time(item.since)}${value(item.declaredValueMinor, item.currency)}`);
    }
    if (location.items.length > DIGEST_ITEMS_PER_LOCATION) text.push(`  …and ${location.items.length - DIGEST_ITEMS_PER_LOCATION} more.`);
  }
  text.push('', '--', footer, `Stop getting it: ${content.unsubscribeUrl}`, '');

  const cell = (value: string, style = '') => `<td style="padding:4px 8px;border-top:1px solid #d0d7de;vertical-align:top${style}">${escapeHtml(value)}</td>`;
  const head = (labels: string[]) => `<tr>${labels.map((label) => `<th style="padding:4px 8px;text-align:left;font-weight:600">${escapeHtml(label)}</th>`).join('')}</tr>`;
  const table = (rows: string[]) => `<table style="border-collapse:collapse;width:100%;font-size:14px;margin:0 0 8px">${rows.join('\n')}</table>`;
  const more = (count: number) => (count > 0 ? `<p style="margin:0 0 16px;font-size:14px;color:#57606a">…and ${count} more.</p>` : '');
  const html: string[] = [
    `<h1 style="font-size:20px;margin:0 0 8px">${escapeHtml(store.name)}: daily digest for ${escapeHtml(day)}</h1>`,
    `<p style="margin:0 0 16px">Good morning, ${escapeHtml(content.recipientName)}.</p>`,
    `<p style="margin:0 0 16px"><strong>${escapeHtml(summary)}</strong></p>`,
  ];
  for (const { title, jobs } of shownLists) {
    html.push(`<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(title)} (${jobs.length})</h2>`);
    html.push(
      table([
        head(['Job', 'Customer', 'Stage', 'How late', 'Assignee', 'Where', 'Why']),
        ...jobs
          .slice(0, DIGEST_ROWS_PER_LIST)
          .map((job) => `<tr>${cell(job.number, ';white-space:nowrap')}${cell(job.customerFirstName)}${cell(job.stageLabel)}${cell(lateness(job.lateBySeconds), ';white-space:nowrap')}${cell(assignee(job))}${cell(whereIs(job))}${cell(`${job.reason}. ${job.summary}`)}</tr>`),
      ]),
    );
    html.push(more(jobs.length - DIGEST_ROWS_PER_LIST));
  }
  html.push(`<h2 style="font-size:16px;margin:24px 0 8px">In the shop's care: ${escapeHtml(itemCount(custody.itemCount))}, ${escapeHtml(declared(custody.totals))}</h2>`);
  if (custody.locations.length > 0) {
    html.push(
      table([
        head(['Location', 'Items', 'Declared value', 'No declared value']),
        ...custody.locations.map((location) => `<tr>${cell(locationName(location.location))}${cell(String(location.itemCount))}${cell(declared(location.totals))}${cell(String(location.undeclaredCount))}</tr>`),
      ]),
    );
  }
  for (const location of custody.locations) {
    html.push(`<h3 style="font-size:14px;margin:16px 0 4px">${escapeHtml(locationName(location.location))}</h3>`);
    html.push(
      table([
        head(['Job', 'Customer', 'Item', 'With', 'Since', 'Declared']),
        ...location.items
          .slice(0, DIGEST_ITEMS_PER_LOCATION)
          .map((item) => `<tr>${cell(item.jobNumber, ';white-space:nowrap')}${cell(item.customerFirstName)}${cell(item.description)}${cell(`${item.holderName}${item.detail ? ` (${item.detail})` : ''}`)}${cell(time(item.since))}${cell(item.declaredValueMinor === null || !item.currency ? '—' : money(item.declaredValueMinor, item.currency))}</tr>`),
      ]),
    );
    html.push(more(location.items.length - DIGEST_ITEMS_PER_LOCATION));
  }
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;background:#ffffff">
<div style="max-width:880px;margin:0 auto">
${html.filter(Boolean).join('\n')}
<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0">
<p style="margin:0;font-size:13px;color:#57606a">${escapeHtml(footer)} <a href="${escapeHtml(content.unsubscribeUrl)}" style="color:#57606a">Stop getting it</a></p>
</div>
</body></html>`;
  return { subject, text: text.join('\n'), html: page };
}

/** "3 d 4 h late", "5 h 10 min late", "2 min late". */
export function lateness(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d${hours > 0 ? ` ${hours} h` : ''} late`;
  if (hours > 0) return `${hours} h${minutes % 60 > 0 ? ` ${minutes % 60} min` : ''} late`;
  return minutes > 0 ? `${minutes} min late` : 'under a minute late';
}

function assignee(job: LateJobView): string {
  return job.assigneeName ? `assigned to ${job.assigneeName}` : 'not assigned';
}

function whereIs(job: LateJobView): string {
  return `${locationName(job.custodyLocation)} (${job.custodyHolderName})`;
}

function locationName(location: string): string {
  return LOCATION_NAMES[location] ?? location;
}

function itemCount(count: number): string {
  return `${count} item${count === 1 ? '' : 's'}`;
}

function declared(totals: ValueTotalView[]): string {
  return totals.length === 0 ? 'no declared value' : `${totals.map((total) => money(total.declaredValueMinor, total.currency)).join(' + ')} declared`;
}

function undeclared(count: number): string {
  return count > 0 ? ` (${count} without a declared value)` : '';
}

function value(minor: number | null, currency: string | null): string {
  return minor === null || !currency ? '' : ` · ${money(minor, currency)}`;
}

/** An amount in minor units, in its currency's own decimals ($1,250.00, ¥5,000). */
export function money(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}

function localDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
}
