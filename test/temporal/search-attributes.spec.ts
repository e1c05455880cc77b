import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { randomUUID } from 'node:crypto';
import { ensureJobSearchAttributes } from '../../src/platform/temporal/search-attributes.js';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes.js';
import { eventually } from '../support/eventually.js';
import { testTemporalAddress } from '../support/test-services.js';

/** The worker's start-up registration, on the real server, in a namespace that has none yet. */
describe('job search attributes registration', () => {
  let client: Client;
  const namespace = `atelier-sa-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }), namespace });
    await client.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await eventually(
      () => client.connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false),
      (known) => known,
    );
  });

  afterAll(() => client.connection.close());

  it('adds the missing ones with their types, then finds nothing to add', async () => {
    expect(await ensureJobSearchAttributes(client, namespace)).toEqual(JOB_SEARCH_ATTRIBUTES.map(({ name }) => name));

    const listed = await client.connection.operatorService.listSearchAttributes({ namespace });
    const types = Object.fromEntries(JOB_SEARCH_ATTRIBUTES.map(({ name }) => [name, listed.customAttributes?.[name]]));
    expect(types).toEqual({
      AtelierJobNumber: 2, // KEYWORD
      AtelierTicket: 2,
      AtelierJobKind: 2,
      AtelierStoreId: 2,
      AtelierCustomerId: 2,
      AtelierStage: 2,
      AtelierAssignee: 2,
      AtelierPromisedBy: 6, // DATETIME
      AtelierOverdue: 5, // BOOL
    });

    expect(await ensureJobSearchAttributes(client, namespace)).toEqual([]);
  });
});
