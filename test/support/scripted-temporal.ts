import type { Client } from '@temporalio/client';

/** What the scripted server does when asked about one workflow: answer, or throw what it is given. */
export type Scripted = (call: { workflowId: string; name: string; args: unknown[]; updateId?: string }) => unknown;

export interface ScriptedCall {
  kind: 'start' | 'update' | 'query' | 'describe' | 'terminate';
  workflowId: string;
  name?: string;
  args?: unknown[];
  updateId?: string;
}

/** What a real Client has that the scripted one leaves out: using one is a test that needs the real server. */
const CLIENT_MEMBERS = new Set<string | symbol>(['schedule', 'activity', 'taskQueue', 'workflowService', 'operatorService', 'options', 'getHandle']);

/**
 * Stands where the API's Temporal `Client` stands, for the fast tier of API tests: every call is
 * recorded and answered by a script, so a test can make Temporal time out, forget a workflow or
 * refuse, which the real dev server does not do on cue. Only the calls the API makes exist here;
 * anything else fails loudly.
 */
export class ScriptedTemporal {
  readonly calls: ScriptedCall[] = [];
  onStart: Scripted = () => undefined;
  onUpdate: Scripted = ({ name }) => {
    throw new Error(`no script for the Update ${name}`);
  };
  onQuery: Scripted = ({ name }) => {
    throw new Error(`no script for the query ${name}`);
  };
  onDescribe: Scripted = () => ({ status: { name: 'RUNNING' } });

  /** Back to a server that starts everything and answers nothing else. */
  reset(): void {
    this.calls.length = 0;
    const fresh = new ScriptedTemporal();
    this.onStart = fresh.onStart;
    this.onUpdate = fresh.onUpdate;
    this.onQuery = fresh.onQuery;
    this.onDescribe = fresh.onDescribe;
  }

  callsOf(kind: ScriptedCall['kind']): ScriptedCall[] {
    return this.calls.filter((call) => call.kind === kind);
  }

  /** The object the API's Nest container is given in place of its Temporal client. */
  asClient(): Client {
    const answer = async (kind: ScriptedCall['kind'], script: Scripted, call: Omit<ScriptedCall, 'kind'>) => {
      this.calls.push({ kind, ...call });
      return script({ workflowId: call.workflowId, name: call.name ?? kind, args: call.args ?? [], updateId: call.updateId });
    };
    const client = {
      withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
      connection: { close: async () => undefined },
      workflow: {
        start: (workflowType: string, options: { workflowId: string; args?: unknown[] }) =>
          answer('start', this.onStart, { workflowId: options.workflowId, name: workflowType, args: options.args }),
        getHandle: (workflowId: string) => ({
          executeUpdate: (update: { name: string } | string, options: { args?: unknown[]; updateId?: string } = {}) =>
            answer('update', this.onUpdate, { workflowId, name: typeof update === 'string' ? update : update.name, args: options.args, updateId: options.updateId }),
          query: (query: { name: string } | string) => answer('query', this.onQuery, { workflowId, name: typeof query === 'string' ? query : query.name }),
          describe: () => answer('describe', this.onDescribe, { workflowId }),
          terminate: (reason: string) => answer('terminate', () => undefined, { workflowId, args: [reason] }),
        }),
      },
    };
    return new Proxy(client, {
      get(target, property) {
        if (property in target) return target[property as keyof typeof target];
        // Nest looks for lifecycle hooks (onModuleInit...) on every provider: those are simply absent.
        if (!CLIENT_MEMBERS.has(property)) return undefined;
        throw new Error(`the API used Client.${String(property)}, which the scripted Temporal does not provide`);
      },
    }) as unknown as Client;
  }
}
