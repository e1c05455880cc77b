import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { readFileSync } from 'node:fs';
import { factsFromHistory } from '../../src/repairs/repair-history.js';

function recordedHistory(name: string) {
  return historyFromJSON(JSON.parse(readFileSync(new URL(`../workflows/histories/${name}`, import.meta.url), 'utf8')));
}

describe('reading a repair timeline from its workflow history', () => {
  it('lists each stage change with who made it, and each customer message, in time order', () => {
    const facts = factsFromHistory(recordedHistory('repair-job-v1-to-ready.json').events ?? []);

    expect(facts.flatMap((fact) => (fact.type === 'stage_changed' ? [`${fact.stage} by ${fact.actor}`] : []))).toEqual([
      'received by ana',
      'in_progress by carl',
      'ready by dina',
    ]);
    expect(facts.flatMap((fact) => (fact.type === 'message_queued' ? [fact.stage] : []))).toEqual(['received', 'in_progress', 'ready']);
    const times = facts.map((fact) => Date.parse(fact.at));
    expect(times.every((time, i) => !Number.isNaN(time) && (i === 0 || time >= times[i - 1]))).toBe(true);
  });

  it('leaves out moves the workflow refused', () => {
    const facts = factsFromHistory(recordedHistory('repair-job-v1-to-ready.json').events ?? []);
    // The recording tried received -> ready (refused by the validator) before moving on.
    expect(facts.filter((fact) => fact.type === 'stage_changed' && fact.actor === 'ana').map((fact) => fact.stage)).toEqual(['received']);
  });
});
