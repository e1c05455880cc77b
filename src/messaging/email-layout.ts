/** The HTML part of a notice email, laid out from its plain text: the same words, links clickable, an unsubscribe footer. */
export function emailHtml(text: string, { storeName, unsubscribeUrl }: { storeName: string; unsubscribeUrl: string }): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 16px">${linkified(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(storeName)}</title></head>
<body style="margin:0;padding:24px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;background:#ffffff">
<div style="max-width:560px;margin:0 auto">
${paragraphs}
<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0">
<p style="margin:0;font-size:13px;color:#57606a">You get these emails about your pieces with ${escapeHtml(storeName)}. <a href="${escapeHtml(unsubscribeUrl)}" style="color:#57606a">Unsubscribe</a></p>
</div>
</body></html>`;
}

/** The plain-text part: the text, and the unsubscribe link. */
export function emailText(text: string, unsubscribeUrl: string): string {
  return `${text}\n\n--\nUnsubscribe: ${unsubscribeUrl}\n`;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

function linkified(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    html += escapeHtml(text.slice(last, match.index)) + `<a href="${escapeHtml(match[0])}" style="color:#0969da">${escapeHtml(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}
