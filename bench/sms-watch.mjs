import { performance } from 'node:perf_hooks';

/**
 * Notes the moment (performance.now(), the clock the HTTP timings use) each text reaches the
 * local Twilio API server, by watching pushes onto its `received` array.
 */
export class SmsWatch {
  arrivals = [];
  #waiters = new Set();

  constructor(twilio) {
    const push = twilio.received.push.bind(twilio.received);
    twilio.received.push = (...messages) => {
      const at = performance.now();
      for (const sms of messages) this.arrivals.push({ sms, at });
      for (const waiter of this.#waiters) waiter();
      return push(...messages);
    };
  }

  get count() {
    return this.arrivals.length;
  }

  /** When the first text matching `accept` arrived (perhaps already), within `timeoutMs`. */
  arrivalOf(accept, timeoutMs) {
    return this.#until(() => this.arrivals.find(({ sms }) => accept(sms))?.at, timeoutMs, 'a matching text');
  }

  /** Resolves once at least `count` texts have arrived in all. */
  atLeast(count, timeoutMs) {
    return this.#until(() => (this.arrivals.length >= count ? this.arrivals.length : undefined), timeoutMs, `${count} texts (had ${this.arrivals.length})`);
  }

  #until(probe, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        settle();
        resolve(value);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`Waited ${timeoutMs} ms for ${what} at the local Twilio API server`));
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }
}
