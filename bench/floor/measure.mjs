import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { latencySummary, timed } from '../stats.mjs';

/**
 * Bare Temporal on the same server, in the same run, as the stage changes it is compared with:
 * an Update awaiting a local activity, one client after another and then `clients` at once.
 */
export async function measureFloor({ temporalAddress, sequential, concurrent, clients }) {
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
      for (let i = 0; i < concurrent; i += 1) handles.push(await start());
      const queue = [...handles];
      const concurrentSamples = [];
      const runClient = async () => {
        for (let handle = queue.shift(); handle; handle = queue.shift()) concurrentSamples.push((await timed(() => touch(handle))).ms);
      };
      const { ms } = await timed(() => Promise.all(Array.from({ length: clients }, runClient)));

      for (const handle of [warm, one, ...handles]) await handle.terminate('benchmark done');
      return {
        sequential: latencySummary(samples),
        concurrent: { ...latencySummary(concurrentSamples), perSecond: (concurrentSamples.length / ms) * 1000, wallMs: ms },
      };
    });
  } finally {
    await client.connection.close();
    await connection.close();
  }
}
