import type { Client } from '@temporalio/client';
// A CommonJS package whose namespace Node cannot list as named exports: take it whole.
import proto from '@temporalio/proto';
import { JOB_SEARCH_ATTRIBUTES } from '../../../workflows/shared/search-attributes.js';

const INDEXED = proto.temporal.api.enums.v1.IndexedValueType;
const TYPES = {
  KEYWORD: INDEXED.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: INDEXED.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: INDEXED.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: INDEXED.INDEXED_VALUE_TYPE_TEXT,
  INT: INDEXED.INDEXED_VALUE_TYPE_INT,
  DOUBLE: INDEXED.INDEXED_VALUE_TYPE_DOUBLE,
  KEYWORD_LIST: INDEXED.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/**
 * Registers the job workflows' search attributes in the namespace unless it has them: a job
 * workflow that upserts an unknown attribute would fail its task. Returns the names it added.
 * (On Temporal Cloud the operator API is closed: create them once with `tcld`, see operations.md.)
 */
export async function ensureJobSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const operator = client.connection.operatorService;
  const existing = await operator.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = JOB_SEARCH_ATTRIBUTES.filter(({ name }) => !known.has(name));
  if (missing.length === 0) return [];
  await operator.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, TYPES[type as keyof typeof TYPES]])) });
  return missing.map(({ name }) => name);
}
