import { DefaultLogger, Runtime } from '@temporalio/worker';

// Keep test output to what matters: the SDK's warnings and errors, not worker state changes.
Runtime.install({ logger: new DefaultLogger('WARN') });
