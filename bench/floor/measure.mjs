import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { latencySummary, timed } from '../stats.mjs';

/**
 * Bare Temporal on the same server, in the same run, as the stage changes it is compared with:
 * an Update awaiting a local activity, one client after another, then `clients` and `wideClients` at once.
 */
export async function measureFloor({ temporalAddress, sequential, concurrent, clients, wideConcurrent, wideClients }) {
  const taskQueue = `bench-floor-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflow.js', import.meta.url)),
    activities: { noop: async () => undefined },
  });
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  try {
    return await worker.runUntil(async () => {
      const start = () => client.workflow.start('floorWorkflow', { taskQueue, workflowId: `floor-${randomUUID()}` });
      const touch = (handle) => handle.executeUpdate('touch');

      const warm = await start();
      for (let i = 0; i < 10; i += 1) await touch(warm);

      const one = await start();
      const samples = [];
      for (let i = 0; i < sequential; i += 1) samples.push((await timed(() => touch(one))).ms);

      const handles = [];
      const atOnce = async (count, clientCount) => {
        const started = [];
        for (let i = 0; i < count; i += 1) started.push(await start());
        handles.push(...started);
        const queue = [...started];
        const samples = [];
        const runClient = async () => {
          for (let handle = queue.shift(); handle; handle = queue.shift()) samples.push((await timed(() => touch(handle))).ms);
        };
        const { ms } = await timed(() => Promise.all(Array.from({ length: clientCount }, runClient)));
        return { ...latencySummary(samples), clients: clientCount, perSecond: (samples.length / ms) * 1000, wallMs: ms };
      };
      const concurrentResult = await atOnce(concurrent, clients);
      const wideResult = await atOnce(wideConcurrent, wideClients);

      for (const handle of [warm, one, ...handles]) await handle.terminate('benchmark done');
      return {
        sequential: latencySummary(samples),
        concurrent: concurrentResult,
        wide: wideResult,
      };
    });
  } finally {
    await client.connection.close();
    await connection.close();
  }
}
