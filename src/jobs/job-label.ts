import { PDFDocument, type PDFFont, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { fitted, printable } from './pdf-text.js';

/** What a job's envelope label shows. */
export interface JobLabel {
  storeName: string;
  jobNumber: string;
  /** "1 of 2" when a visit left several pieces. */
  itemOfCount: string | null;
  customerName: string;
  promisedBy: string | null;
  summary: string;
}

const MM = 72 / 25.4;
/** 62 mm continuous label stock (Brother DK-22205 and the like), cut at 40 mm. */
export const LABEL_SIZE_MM = { width: 62, height: 40 } as const;

/**
 * The envelope label of a job as a one-page PDF: the job number large, a QR code of it (what
 * `POST /jobs/scan` reads), the customer, the promised date and the piece. Text the label's font
 * cannot draw (emoji, scripts beyond Latin-1) prints as `?` rather than failing.
 */
export async function jobLabelPdf(label: JobLabel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(label.jobNumber);
  pdf.setSubject(`Job label ${label.jobNumber}`);
  pdf.setCreator('Atelier');
  const page = pdf.addPage([LABEL_SIZE_MM.width * MM, LABEL_SIZE_MM.height * MM]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 2.5 * MM;
  const qrSide = LABEL_SIZE_MM.height * MM - 2 * margin;

  // The QR code, module by module (no raster: sharp at any printer resolution).
  const qr = QRCode.create(label.jobNumber, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const cell = qrSide / (modules + 2); // a quiet zone of one module each side
  for (let row = 0; row < modules; row += 1) {
    for (let column = 0; column < modules; column += 1) {
      if (!qr.modules.get(row, column)) continue;
      page.drawRectangle({ x: margin + cell * (column + 1), y: margin + qrSide - cell * (row + 2), width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }

  const left = margin + qrSide + 1.5 * MM;
  const width = page.getWidth() - left - margin;
  let baseline = page.getHeight() - margin - 2.2 * MM;
  const line = (text: string, font: PDFFont, size: number, gapAfter: number) => {
    page.drawText(fitted(printable(text), font, size, width), { x: left, y: baseline, size, font, color: rgb(0, 0, 0) });
    baseline -= size + gapAfter;
  };
  line(label.storeName, regular, 6, 3);
  line(label.jobNumber, bold, 11, 2);
  if (label.itemOfCount) line(label.itemOfCount, regular, 7, 3);
  line(label.customerName, bold, 8, 3);
  if (label.promisedBy) line(`Promised ${label.promisedBy}`, regular, 7, 3);
  line(label.summary, regular, 6, 0);
  return pdf.save();
}
