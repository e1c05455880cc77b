import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { declaredErrorCodes, errorCodes } from '../../src/platform/errors/domain-error.js';
import { STATUS_OF_KIND } from '../../src/platform/http/http-error.filter.js';
import { JOB_REFUSALS } from '../../workflows/shared/job-refusals.js';

const SRC = join(import.meta.dirname, '../../src');
const LIST = join(import.meta.dirname, '../../docs/error-codes.md');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []));
}

/** docs/error-codes.md, from the modules' declarations: what a client may be answered, and with which status. */
function errorCodeList(): string {
  const rows = [...declaredErrorCodes()].sort(([a], [b]) => a.localeCompare(b)).map(([code, { kind, modules }]) => `| \`${code}\` | ${STATUS_OF_KIND[kind]} | ${[...modules].sort().join(', ')} |`);
  const refusals = Object.entries(JOB_REFUSALS).map(([code, kind]) => `| \`${code}\` | ${STATUS_OF_KIND[kind]} |`);
  return `# Error codes

Written by \`test/unit/error-codes.spec.ts\` from the code (\`UPDATE_ERROR_CODES=1\` rewrites it after a deliberate change).
Every error answer is \`{ statusCode, code, message, ...details }\`; \`code\` is stable and always comes with the same status.

## Declared by the modules (\`src/*/…-errors.ts\`)

| Code | Status | Modules |
| --- | --- | --- |
${rows.join('\n')}

## Refusals of a job's workflow (\`workflows/shared/job-refusals.ts\`)

A refused Update answers the refusal's status; \`code\` is the specific rule when there is one (\`QC_BY_WORKER\`, ...),
otherwise the refusal itself, and the details say what is allowed (\`allowedActions\`, \`allowedRoles\`).

| Refusal | Status |
| --- | --- |
${refusals.join('\n')}
`;
}

describe('error codes', () => {
  beforeAll(async () => {
    for (const file of sourceFiles(SRC).filter((path) => path.endsWith('-errors.ts'))) await import(file);
  });

  it('builds every error from a declared code: no module constructs a DomainError by hand', () => {
    const byHand = sourceFiles(SRC)
      .filter((file) => readFileSync(file, 'utf8').includes('new DomainError('))
      .map((file) => relative(SRC, file));
    // The gateway passes on a workflow's refusal, whose code the workflow chose (listed below);
    // the error's own module builds the ones it declares.
    expect(byHand.sort()).toEqual(['platform/errors/domain-error.ts', 'platform/temporal/temporal-gateway.service.ts']);
  });

  it('refuses a code declared again with another answer', () => {
    const code = Object.keys(Object.fromEntries(declaredErrorCodes()))[0];
    const { kind } = declaredErrorCodes().get(code)!;
    expect(() => errorCodes('a test module', { [code]: kind === 'conflict' ? 'not_found' : 'conflict' })).toThrow(`Error code ${code} is '${kind}'`);
  });

  it('keeps docs/error-codes.md as the code declares them', () => {
    const list = errorCodeList();
    if (process.env.UPDATE_ERROR_CODES === '1') writeFileSync(LIST, list);
    expect(readFileSync(LIST, 'utf8')).toBe(list);
  });
});
