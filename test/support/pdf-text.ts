import { inflateSync } from 'node:zlib';

/**
 * The text a PDF drawn with the standard fonts shows, one drawn string per line, in drawing order:
 * every content stream inflated, every string operand of a text-showing operator decoded.
 */
export function pdfText(pdf: Uint8Array): string {
  const bytes = Buffer.from(pdf);
  const lines: string[] = [];
  let from = 0;
  for (;;) {
    const start = bytes.indexOf('stream', from, 'latin1');
    if (start < 0) break;
    const bodyStart = start + 'stream'.length + (bytes[start + 6] === 0x0d ? 2 : 1);
    const end = bytes.indexOf('endstream', bodyStart, 'latin1');
    if (end < 0) break;
    from = end + 'endstream'.length;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(bodyStart, end)).toString('latin1');
    } catch {
      content = bytes.subarray(bodyStart, end).toString('latin1');
    }
    for (const operation of content.matchAll(/<([0-9a-fA-F]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      lines.push(operation[1] !== undefined ? Buffer.from(operation[1], 'hex').toString('latin1') : operation[2].replace(/\\(.)/g, '$1'));
    }
  }
  return lines.join('\n');
}
