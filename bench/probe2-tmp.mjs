import { Session } from 'node:inspector/promises';
import { startBenchStack } from './stack.mjs';
import { staffClient } from './http-client.mjs';
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
const stack = await startBenchStack();
try {
  const c = staffClient(stack.baseUrl, stack.tokens.carl);
  const mk = async () => { const cu = await c('POST','/customers',{firstName:'M',lastName:'L',phone:`+1555${randomInt(1e6,9999999)}`}); const t = await c('POST','/repairs',{customerId:cu.id,items:[{itemDescription:'Ring',workRequested:'Size',declaredValue:{amountMinor:1000,currency:'USD'},estimate:[{kind:'labour',description:'S',quantity:1,unitMinor:4500}]}]}); return t.jobs[0]; };
  const rs = []; for (let i=0;i<420;i++) rs.push(await mk());
  await new Promise(r=>setTimeout(r,3000));
  for (const r of rs.slice(0,20)) await c('POST',`/repairs/${r.id}/assign`,{jewelerId:stack.jewelerId});
  const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval',{interval:200}); await s.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const q = rs.slice(20); const t0 = performance.now();
  await Promise.all(Array.from({length:20}, async () => { for (let r=q.shift(); r; r=q.shift()) await c('POST',`/repairs/${r.id}/assign`,{jewelerId:stack.jewelerId}); }));
  const ms = performance.now()-t0; const cpu = process.cpuUsage(cpu0);
  const { profile } = await s.post('Profiler.stop');
  console.log('per s', 400/ms*1000, 'node cpu ms per change', (cpu.user+cpu.system)/1000/400);
  const self = new Map(); const byUrl = new Map();
  const dt = profile.timeDeltas; const idToNode = new Map(profile.nodes.map(n=>[n.id,n]));
  const counts = new Map(); profile.samples.forEach((id,i)=>counts.set(id,(counts.get(id)||0)+(dt[i]||0)));
  let total=0;
  for (const [id,us] of counts) { const n=idToNode.get(id); const f=n.callFrame; const key=`${f.functionName||'(anon)'} ${f.url.replace(/.*node_modules\//,'nm/').replace(/.*\/main\//,'')}:${f.lineNumber}`; self.set(key,(self.get(key)||0)+us); let u=f.url.match(/node_modules\/(@[^/]+\/[^/]+|[^/]+)/)?.[1] ?? (f.url.includes('/main/')? f.url.replace(/.*\/main\//,'').split('/').slice(0,2).join('/') : (f.url||f.functionName)); byUrl.set(u,(byUrl.get(u)||0)+us); total+=us; }
  console.log('total ms', total/1000);
  console.log([...byUrl].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/total*100).toFixed(1)}% ${k}`).join('\n'));
  console.log('---');
  console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,40).map(([k,v])=>`${(v/total*100).toFixed(1)}% ${k}`).join('\n'));
} finally { await stack.stop(); process.exit(0); }
