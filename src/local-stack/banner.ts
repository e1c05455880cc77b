import type { DemoShop } from './demo-shop.js';
import type { LocalOwner } from './owner-account.js';

export interface ReadyInfo {
  /** Where a person reaches the API (PUBLIC_BASE_URL). */
  apiUrl: string;
  /** Set when this stack started the Temporal dev server. */
  temporalUiUrl?: string;
  /** Set when this stack started the fake Twilio. */
  fakeTwilioReceivedUrl?: string;
  /** Set when this stack started the local SMTP server. */
  fakeSmtpReceivedUrl?: string;
  /** The local shop's owner; undefined when the database has staff of its own. */
  owner?: LocalOwner;
  /** Undefined when the shop had customers before this stack made a demo shop. */
  demo?: DemoShop;
  startedInSeconds: number;
}

/** The block printed once everything answers: where things are and what to try first. */
export function readyBanner(info: ReadyInfo): string {
  const api = info.apiUrl.replace(/\/+$/, '');
  const auth = `-H 'Authorization: Bearer ${info.owner?.apiKey ?? '<your access token>'}'`;
  const json = `-H 'Content-Type: application/json'`;
  const customerId = info.demo?.demoCustomerId ?? '<customer-id>';
  const repair = JSON.stringify({
    customerId,
    items: [
      {
        itemDescription: 'Yellow metal ring, customer stated 14k',
        workRequested: 'Size from 7 to 5.5',
        declaredValue: { amountMinor: 45000, currency: 'USD' },
        // Under the store's auto-approve amount: approved at once, straight to the bench queue.
        estimate: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4500 }],
      },
    ],
  });
  const staffId = info.owner?.id ?? '<staff-id>';

  const lines = [
    '',
    `Atelier is running (ready in ${info.startedInSeconds.toFixed(1)} s)`,
    '',
    `  API            ${api}`,
    `  API docs       ${api}/docs`,
    ...(info.temporalUiUrl ? [`  Temporal UI    ${info.temporalUiUrl}`] : []),
    ...(info.fakeTwilioReceivedUrl ? [`  Texts sent     ${info.fakeTwilioReceivedUrl}   (fake Twilio: GET lists every SMS)`] : []),
    ...(info.fakeSmtpReceivedUrl ? [`  Emails sent    ${info.fakeSmtpReceivedUrl}   (local SMTP server: GET lists every email)`] : []),
    ...(info.owner
      ? [
          `  Sign in        ${info.owner.email} / ${info.owner.password}   (POST /auth/login; kept in .atelier/owner.json)`,
          `  Owner API key  ${info.owner.apiKey}`,
        ]
      : ['  Sign in        with your own staff account (POST /auth/login)']),
    ...(info.demo
      ? [
          `  Demo customer  ${info.demo.demoCustomerId}`,
          '',
          'Demo staff (POST /auth/login with email and password; kept in .atelier/demo-shop.json):',
          '',
          ...info.demo.staff.map((member) => `  ${member.store.padEnd(5)} ${member.role.padEnd(14)} ${member.email.padEnd(30)} ${member.password}`),
        ]
      : ['  Demo customer  none (the shop already has customers): put a customer id in the first command']),
    '',
    'Try it (paste into a shell):',
    '',
    '  # 1. Take in a repair for the demo customer; its job id goes into $REPAIR_ID',
    `  REPAIR=$(curl -sS -X POST ${api}/repairs ${auth} ${json} \\`,
    `    -H "Idempotency-Key: demo-$(date +%s)" \\`,
    `    -d '${repair}'); echo "$REPAIR"`,
    `  REPAIR_ID=$(echo "$REPAIR" | sed -nE 's/.*"jobs":\\[\\{"id":"([^"]+)".*/\\1/p')`,
    '',
    '  # 2. Put it on the bench, then finish the work (each stage the customer is told of is texted)',
    `  curl -sS -X POST "${api}/repairs/$REPAIR_ID/assign" ${auth} ${json} -d '{"jewelerId":"${staffId}"}'; echo`,
    `  curl -sS -X POST "${api}/repairs/$REPAIR_ID/work-finished" ${auth} ${json} -d '{"note":"Sized"}'; echo`,
    '  #    (the quality check must be passed by another staff member: add one with POST /staff)',
    '',
    '  # 3. Read its history: stage changes, custody moves, messages and what the workflow saw; as a PDF to keep',
    `  curl -sS "${api}/repairs/$REPAIR_ID/history" ${auth}; echo`,
    `  curl -sS "${api}/jobs/$REPAIR_ID/timeline/export?format=pdf" ${auth} -o "$REPAIR_ID.pdf"`,
    '',
    "  # 4. As a manager: what is late, what the shop holds and where, how long each stage takes, every job as CSV",
    `  curl -sS "${api}/manager/late" ${auth}; echo`,
    `  curl -sS "${api}/manager/custody" ${auth}; echo`,
    `  curl -sS "${api}/manager/dashboard/cycle-times" ${auth}; echo`,
    `  curl -sS "${api}/manager/jobs.csv" ${auth} -o jobs.csv`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}
