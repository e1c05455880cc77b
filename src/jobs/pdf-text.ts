import type { PDFFont } from 'pdf-lib';

/** Latin-1 text as the standard PDF fonts draw it; common punctuation beyond it is spelt plainly, anything else becomes `?`. */
export function printable(text: string): string {
  const plain = text.replace(/\s+/g, ' ').replaceAll('→', '->').replaceAll('…', '...').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-');
  return [...plain].map((char) => (/^[\x20-\x7e\xa0-\xff]$/.test(char) ? char : '?')).join('');
}

/** The text cut with an ellipsis to fit the width. */
export function fitted(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** The text broken into lines that fit the width, at spaces where it can, inside a word where one word is wider than a line. */
export function wrapped(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}
