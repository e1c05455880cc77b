import { startBenchStack } from './stack.mjs';
import { staffClient } from './http-client.mjs';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto'; const { temporal } = proto;
import { randomInt } from 'node:crypto';
const stack = await startBenchStack();
try {
  const c = staffClient(stack.baseUrl, stack.tokens.carl);
  const cu = await c('POST','/customers',{firstName:'M',lastName:'L',phone:`+1555${randomInt(1e6,9999999)}`});
  const t = await c('POST','/repairs',{customerId:cu.id,items:[{itemDescription:'Ring',workRequested:'Size',declaredValue:{amountMinor:1000,currency:'USD'},estimate:[{kind:'labour',description:'S',quantity:1,unitMinor:4500}]}]});
  await new Promise(r=>setTimeout(r,1500));
  const client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const h = client.workflow.getHandle(`repair-${t.jobs[0].id}`);
  const n0 = (await h.fetchHistory()).events.length;
  await c('POST',`/repairs/${t.jobs[0].id}/assign`,{jewelerId:stack.jewelerId});
  const hist = await h.fetchHistory();
  for (const e of hist.events.slice(n0)) { const bytes = temporal.api.history.v1.HistoryEvent.encode(e).finish().length; const type = temporal.api.enums.v1.EventType[e.eventType]; console.log(type, bytes); }
  await client.connection.close();
} finally { await stack.stop(); process.exit(0); }
