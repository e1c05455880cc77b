import { setTimeout as sleep } from 'node:timers/promises';

export interface ClerkTally {
  requests: number;
  /** Requests answered 503, or not answered at all (a killed API, a dropped connection). */
  unavailable: number;
  /** 200 answers to an action that show the job in another stage than the action leads to. */
  untruthful: string[];
}

type Answer = { status: number; body: Record<string, unknown> } | undefined;

const GIVE_UP_AFTER_MS = 180_000;

/**
 * Staff at the counter and the bench, as a well-behaved client: every call carries an
 * Idempotency-Key and is retried until answered, so it takes effect exactly once.
 */
export class CounterClerk {
  constructor(
    private readonly apiUrl: string,
    /** Staff tokens by name: the counter takes pieces in, bench jewelers work and check. */
    private readonly tokens: Record<string, string>,
    readonly tally: ClerkTally,
  ) {}

  /** A customer texted at `phone`, or, given an `email`, one who prefers email and has agreed to it. */
  async createCustomer(phone: string, email?: string): Promise<string> {
    const byEmail = email ? { email, emailConsent: true, preferredChannel: 'email' } : {};
    const created = await this.until('create a customer', () =>
      this.call('POST', '/customers', { firstName: 'Chaos', lastName: 'Test', phone, smsConsent: true, ...byEmail }).then((answer) => (answer?.status === 201 ? answer : undefined)),
    );
    return created.body.id as string;
  }

  async takeIn(customerId: string, idempotencyKey: string): Promise<{ id: string; number: string }> {
    // A small job priced at the counter, under the store's auto-approve amount: approved at once.
    const visit = {
      customerId,
      items: [
        {
          itemDescription: 'Yellow metal ring, customer stated 14k',
          workRequested: 'Size from 7 to 5.5',
          declaredValue: { amountMinor: 45_000, currency: 'USD' },
          estimate: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4_500 }],
        },
      ],
    };
    const taken = await this.until('take a repair in', () =>
      this.call('POST', '/repairs', visit, { 'idempotency-key': idempotencyKey }).then((answer) => (answer && answer.status < 300 ? answer : undefined)),
    );
    const [job] = taken.body.jobs as { id: string; number: string }[];
    return job;
  }

  /**
   * Takes an action, retrying with the same Idempotency-Key until it is answered: a retry of an
   * action that went through attaches to it (one Update per key), so it never acts twice.
   */
  async act(repairId: string, action: string, body: unknown, as: string, idempotencyKey: string, expectedStage: string): Promise<void> {
    await this.until(`${action} on repair ${repairId}`, async () => {
      const answer = await this.call('POST', `/repairs/${repairId}/${action}`, body, { 'idempotency-key': idempotencyKey }, as);
      if (answer?.status === 200) {
        if (answer.body.stage !== expectedStage) this.tally.untruthful.push(`${repairId}: ${action} answered stage ${String(answer.body.stage)}`);
        return answer;
      }
      if (answer && answer.status !== 503) throw new Error(`${action} on ${repairId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return undefined;
    });
  }

  private async until(what: string, attempt: () => Promise<Answer>): Promise<NonNullable<Answer>> {
    const deadline = Date.now() + GIVE_UP_AFTER_MS;
    for (;;) {
      const answer = await attempt();
      if (answer) return answer;
      if (Date.now() > deadline) throw new Error(`Could not ${what} within ${GIVE_UP_AFTER_MS / 1000} s`);
      await sleep(250);
    }
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}, as = 'counter'): Promise<Answer> {
    this.tally.requests += 1;
    try {
      const response = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.tokens[as]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const answer = { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
      if (answer.status === 503) this.tally.unavailable += 1;
      return answer;
    } catch {
      this.tally.unavailable += 1;
      return undefined;
    }
  }
}
