import { escapeHtml } from '../messaging/email-layout.js';
import type { TrackingModel } from './tracking.service.js';

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:17px;line-height:1.5;color:#1f2328;background:#f6f8fa}
main{max-width:36rem;margin:0 auto;padding:1rem}header{padding:.5rem 0 1rem}h1{font-size:1.35rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:1rem;margin:0 0 1rem}.stage{font-size:1.25rem;font-weight:600;margin:.25rem 0}
.muted{color:#57606a}ol{list-style:none;padding:0;margin:0}ol li{padding:.5rem 0;border-top:1px solid #eaeef2}ol li:first-child{border-top:none}
table{width:100%;border-collapse:collapse}td{padding:.35rem 0;vertical-align:top}td.amount{text-align:right;white-space:nowrap}tr.total td{border-top:1px solid #d0d7de;font-weight:600}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input[type=text],textarea{width:100%;font-size:1rem;padding:.6rem;border:1px solid #8c959f;border-radius:8px}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{margin-top:.3rem;width:1.2rem;height:1.2rem}
.buttons{display:flex;gap:.75rem;margin-top:1rem;flex-wrap:wrap}button{font-size:1rem;padding:.75rem 1.25rem;border-radius:8px;border:1px solid #1f2328;background:#fff;color:#1f2328;min-height:44px}
button.primary{background:#1a7f37;border-color:#1a7f37;color:#fff}.notice{background:#dafbe1;border-color:#4ac26b}.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(8rem,1fr));gap:.5rem}.photos img{width:100%;border-radius:8px}
a{color:#0550ae}footer{font-size:.9rem;margin:2rem 0 1rem}`;

/** The customer's tracking page: server-rendered, mobile first, readable without JavaScript. */
export function trackingPage(model: TrackingModel, options: { answered?: string; answerId: string; error?: string }): string {
  const zone = model.store.timeZone;
  const when = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
  const day = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  const sections = [
    `<header><p class="muted">${escapeHtml(model.store.name)}</p><h1>Hello ${escapeHtml(model.firstName)}, here is your ${escapeHtml(model.item)}</h1><p class="muted">Job ${escapeHtml(model.number)}</p></header>`,
    options.answered ? `<section class="card notice" role="status"><p>Thank you: your answer (${escapeHtml(options.answered)}) is recorded.</p></section>` : '',
    options.error ? `<section class="card" role="alert"><p>${escapeHtml(options.error)}</p></section>` : '',
    `<section class="card" aria-labelledby="now"><h2 id="now">Where it is now</h2><p class="stage">${escapeHtml(model.stageLabel)}</p>${
      model.promisedBy && !model.closed ? `<p>Promised by <strong>${escapeHtml(day(model.promisedBy))}</strong></p>` : ''
    }<p class="muted">Updated ${escapeHtml(when(model.updatedAt))}</p></section>`,
    model.question ? questionForm(model, options.answerId) : '',
    model.completionPhotoIds.length > 0
      ? `<section class="card" aria-labelledby="photos"><h2 id="photos">Your finished piece</h2><div class="photos">${model.completionPhotoIds
          .map((id, index) => `<img src="/track/${model.token}/photos/${id}" alt="Photo ${index + 1} of your finished piece" loading="lazy">`)
          .join('')}</div></section>`
      : '',
    `<section class="card" aria-labelledby="history"><h2 id="history">So far</h2><ol>${model.timeline
      .map((entry) => `<li><strong>${escapeHtml(entry.label)}</strong><br><span class="muted">${escapeHtml(when(entry.at))}</span></li>`)
      .join('')}</ol></section>`,
    `<footer><p>Questions? ${escapeHtml(model.store.name)}${model.store.phone ? `, <a href="tel:${escapeHtml(model.store.phone)}">${escapeHtml(model.store.phone)}</a>` : ''}${
      model.store.email ? `, <a href="mailto:${escapeHtml(model.store.email)}">${escapeHtml(model.store.email)}</a>` : ''
    }</p></footer>`,
  ];
  return layout(`${model.number}: ${model.stageLabel}`, sections.join('\n'));
}

/** What every unknown, malformed or revoked link shows: nothing about any job. */
export function invalidLinkPage(): string {
  return layout('Link no longer valid', '<header><h1>This link is no longer valid</h1></header><section class="card"><p>Please contact the store for a new link to follow your piece.</p></section>');
}

function questionForm(model: TrackingModel, answerId: string): string {
  const question = model.question!;
  const money = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: question.quote?.currency ?? 'USD' }).format(minor / 100);
  const quote = question.quote
    ? `<table><caption class="muted" style="text-align:left">What it costs</caption><tbody>${question.quote.lines
        .map((line) => `<tr><td>${escapeHtml(line.description)}${line.quantity !== 1 ? ` × ${line.quantity}` : ''}</td><td class="amount">${escapeHtml(money(line.quantity * line.unitMinor))}</td></tr>`)
        .join('')}<tr class="total"><td>Total</td><td class="amount">${escapeHtml(money(question.quote.totalMinor))}</td></tr></tbody></table>`
    : '';
  return `<section class="card" aria-labelledby="question"><h2 id="question">Your answer is needed: ${escapeHtml(question.question)}</h2>${quote}
<form method="post" action="/track/${model.token}/answer">
<input type="hidden" name="approvalId" value="${escapeHtml(question.approvalId)}">
<input type="hidden" name="answerId" value="${escapeHtml(answerId)}">
<p class="muted" id="terms">By approving you agree to the work and price shown. ${escapeHtml(model.store.name)} does nothing more without asking you first; your piece stays insured while in our care.</p>
<label for="typedName">Type your full name to sign</label>
<input type="text" id="typedName" name="typedName" autocomplete="name" required maxlength="100">
<label for="comment">Anything to add? (optional)</label>
<textarea id="comment" name="comment" rows="2" maxlength="1000"></textarea>
<div class="buttons"><button type="submit" class="primary" name="decision" value="approve">Approve</button><button type="submit" name="decision" value="decline">${escapeHtml(question.declineLabel)}</button></div>
</form>
<script>document.querySelector('form').addEventListener('submit',function(e){var f=e.target;setTimeout(function(){f.querySelectorAll('button').forEach(function(b){b.disabled=true})},0)})</script>
</section>`;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}
