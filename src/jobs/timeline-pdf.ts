import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import type { TimelineEntryView, TimelineView } from './job-timeline.service.js';
import { printable, wrapped } from './pdf-text.js';

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 48;
const GREY = rgb(0.3, 0.3, 0.3);
const BLACK = rgb(0, 0, 0);

/**
 * A job's timeline as a printable A4 document (disputes, insurance claims): every entry with its
 * time (the store's and UTC), who acted and through which channel, and the raw ids (journal
 * sequence, workflow history event) a reviewer can check against the system. Page numbers say
 * "page 2 of 5", so a missing page shows.
 */
export async function timelinePdf(view: TimelineView, shop: { name: string; timeZone: string }, generatedAt = new Date()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${view.jobNumber} timeline`);
  pdf.setAuthor(shop.name);
  pdf.setSubject('Job history');
  pdf.setCreator('Atelier');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: shop.timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const writer = new PageWriter(pdf);

  writer.paragraph(`${shop.name}: history of job ${view.jobNumber}`, bold, 16, BLACK);
  writer.gap(4);
  writer.paragraph(`Generated ${generatedAt.toISOString()} (${local.format(generatedAt)}, ${shop.timeZone}). ${view.timeline.length} entries.`, regular, 9, GREY);
  writer.paragraph(`Workflow ${view.workflow.workflowId}, history from ${view.workflow.historySource}: ${view.workflow.temporalUiUrl}`, regular, 9, GREY);
  writer.gap(12);
  for (const entry of view.timeline) {
    writer.keepTogether(40);
    writer.paragraph(`${local.format(new Date(entry.at))}  ${labelOf(entry)}`, bold, 10, BLACK);
    writer.paragraph(entry.summary, regular, 10, BLACK, 12);
    writer.paragraph(detailsOf(entry), regular, 8, GREY, 12);
    writer.gap(6);
  }
  writer.numberPages(regular, view.jobNumber);
  return pdf.save();
}

/** Writes lines top to bottom, wrapping them and starting a new page when one is full. */
class PageWriter {
  private page: PDFPage;
  private y = 0;

  constructor(private readonly pdf: PDFDocument) {
    this.page = this.newPage();
  }

  paragraph(text: string, font: PDFFont, size: number, color: ReturnType<typeof rgb>, indent = 0): void {
    const width = A4.width - 2 * MARGIN - indent;
    for (const line of wrapped(printable(text), font, size, width)) {
      const height = size * 1.3;
      this.keepTogether(height);
      this.y -= height;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color });
    }
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Starts a new page unless `height` more fits on this one. */
  keepTogether(height: number): void {
    if (this.y - height < MARGIN + 16) this.page = this.newPage();
  }

  numberPages(font: PDFFont, jobNumber: string): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, index) => page.drawText(printable(`${jobNumber}, page ${index + 1} of ${pages.length}`), { x: MARGIN, y: MARGIN - 16, size: 8, font, color: GREY }));
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
    return page;
  }
}

function labelOf(entry: TimelineEntryView): string {
  if (entry.source === 'message') return `Message (${entry.message?.channel ?? ''})`;
  if (entry.source === 'workflow') return `Workflow: ${entry.type.replaceAll('_', ' ')}`;
  return entry.type.replaceAll('_', ' ');
}

function detailsOf(entry: TimelineEntryView): string {
  const parts = [`UTC ${entry.at}`];
  if (entry.actor) parts.push(`by ${entry.actor.name} (${entry.actor.kind}${entry.actor.role ? `, ${entry.actor.role}` : ''}) via ${entry.actor.channel}`);
  if (entry.sequence !== undefined) parts.push(`journal #${entry.sequence}`);
  if (entry.historyEventId !== undefined) parts.push(`history event ${entry.historyEventId}`);
  if (entry.message) {
    parts.push(`status ${entry.message.status}`);
    for (const attempt of entry.message.attempts) parts.push(`attempt ${attempt.attempt}: ${attempt.outcome ?? 'unfinished'}${attempt.errorCode ? ` ${attempt.errorCode}` : ''}`);
  }
  return parts.join(' \u00b7 ');
}
