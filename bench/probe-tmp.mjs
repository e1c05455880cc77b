import { performance } from 'node:perf_hooks';
import { StepClock } from './steps.mjs';
import { startBenchStack } from './stack.mjs';
import { staffClient } from './http-client.mjs';
import { measureFloor } from './floor/measure.mjs';
import { TemporalGateway } from '../dist/src/platform/temporal/temporal-gateway.service.js';
import { JobJournalWriter } from '../dist/src/jobs/job-journal.service.js';
import { randomInt } from 'node:crypto';
const clock = new StepClock();
const marks = { toLa: 0, la: 0, fromLa: 0, n: 0 };
let t0, t1, t2;
const gu = TemporalGateway.prototype.update;
TemporalGateway.prototype.update = async function (...a) { t0 = performance.now(); try { return await gu.apply(this, a); } finally { const t3 = performance.now(); if (t1 > t0) { marks.toLa += t1 - t0; marks.la += t2 - t1; marks.fromLa += t3 - t2; marks.n++; } } };
const jr = JobJournalWriter.prototype.record;
JobJournalWriter.prototype.record = async function (...a) { t1 = performance.now(); try { return await jr.apply(this, a); } finally { t2 = performance.now(); } };
const stack = await startBenchStack();
try {
  const c = staffClient(stack.baseUrl, stack.tokens.carl);
  const mk = async () => { const cu = await c('POST','/customers',{firstName:'M',lastName:'L',phone:`+1555${randomInt(1e6,9999999)}`}); const t = await c('POST','/repairs',{customerId:cu.id,items:[{itemDescription:'Ring',workRequested:'Size',declaredValue:{amountMinor:1000,currency:'USD'},estimate:[{kind:'labour',description:'S',quantity:1,unitMinor:4500}]}]}); return t.jobs[0]; };
  const rs = []; for (let i=0;i<130;i++) rs.push(await mk());
  await new Promise(r=>setTimeout(r,2000));
  for (const r of rs.slice(0,10)) await c('POST',`/repairs/${r.id}/assign`,{jewelerId:stack.jewelerId});
  Object.assign(marks, { toLa: 0, la: 0, fromLa: 0, n: 0 });
  const res = await clock.measure(100, async () => { for (const r of rs.slice(10,110)) await c('POST',`/repairs/${r.id}/assign`,{jewelerId:stack.jewelerId}); });
  console.log(res.meanMs, res.steps.map(s=>`${s.name}: ${s.meanMs.toFixed(1)}`).join('\n'));
  console.log('update → LA start', (marks.toLa/marks.n).toFixed(1), 'LA', (marks.la/marks.n).toFixed(1), 'LA end → answer', (marks.fromLa/marks.n).toFixed(1));
  const floor = await measureFloor({ temporalAddress: stack.temporalAddress, sequential: 100, concurrent: 200, clients: 20 });
  console.log('floor', floor.sequential, floor.concurrent.perSecond);
} finally { await stack.stop(); process.exit(0); }
