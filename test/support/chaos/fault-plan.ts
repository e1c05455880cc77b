import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosStack } from './chaos-stack.js';

export interface Fault {
  name: string;
  play(stack: ChaosStack): Promise<void>;
}

/** Kills a process with SIGKILL, leaves it down for `downMs`, starts it again. */
const crash = (service: 'api' | 'worker' | 'temporal' | 'redis', downMs: number, note = ''): Fault => ({
  name: `${service} SIGKILL, down ${downMs / 1000} s${note}`,
  async play(stack) {
    await stack[service].kill();
    await sleep(downMs);
    await stack[service].start();
  },
});

/** The faults of one round, in order; the full suite plays rounds until its repairs are done. */
export const FAULT_ROUND: Fault[] = [
  crash('worker', 1_500),
  {
    name: 'Twilio accepts 3 texts and drops the connection before answering',
    async play(stack) {
      stack.twilio.injectFault({ kind: 'accept_then_drop' }, { count: 3 });
      await sleep(2_000);
    },
  },
  {
    name: 'Twilio answers 500 for 4 s; Redis flushed while those texts wait for their retry',
    async play(stack) {
      stack.twilio.injectFault({ kind: 'refuse', status: 500, code: 20500 }, { forMs: 4_000 });
      await sleep(2_000);
      await stack.flushRedis();
      await sleep(2_500);
    },
  },
  {
    name: 'the SMTP server takes 2 emails and drops the connection before answering, then refuses 3 with 451',
    async play(stack) {
      stack.smtp.failNext({ kind: 'accept_then_drop' }, 2);
      stack.smtp.failNext({ kind: 'refuse', code: 451 }, 3);
      await sleep(2_000);
    },
  },
  crash('api', 1_000),
  crash('temporal', 2_000),
  {
    name: 'Twilio answers 429 for 2 s',
    async play(stack) {
      stack.twilio.injectFault({ kind: 'refuse', status: 429, code: 20429 }, { forMs: 2_000 });
      await sleep(2_500);
    },
  },
  crash('redis', 1_000, ', restarted without its data'),
  crash('worker', 1_000, ' while texts are being sent'),
];

export interface FaultLog {
  played: string[];
}

/** Plays rounds of faults, a second apart, until `keepGoing` says stop (always at least one round). */
export async function playFaults(stack: ChaosStack, keepGoing: () => boolean, log: FaultLog): Promise<void> {
  do {
    for (const fault of FAULT_ROUND) {
      await sleep(1_000);
      await fault.play(stack);
      log.played.push(fault.name);
    }
  } while (keepGoing());
}
