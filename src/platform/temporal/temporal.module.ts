import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../config/app-config.js';
import { TemporalGateway } from './temporal-gateway.service.js';

/** Names the address and the variable that set it, so a person knows what to fix. */
export function unreachableTemporal(config: AppConfig, error: Error): Error {
  return new Error(`cannot reach Temporal at ${config.temporal.address} (TEMPORAL_ADDRESS): ${error.message}`);
}

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/** The Temporal client the API uses to start workflows and send them updates and queries. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [AppConfig],
      // Lazy: the API stays up while Temporal restarts; reads then fall back to the Postgres
      // projection and changes answer 503 until it is back.
      useFactory: (config: AppConfig) =>
        new Client({ connection: Connection.lazy({ address: config.temporal.address, connectTimeout: '5 seconds' }), namespace: config.temporal.namespace }),
    },
    TemporalConnectionCloser,
    TemporalGateway,
  ],
  exports: [Client, TemporalGateway],
})
export class TemporalModule {}
