import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../config/app-config.js';

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
      useFactory: async (config: AppConfig) => {
        const connection = await Connection.connect({ address: config.temporal.address });
        return new Client({ connection, namespace: config.temporal.namespace });
      },
    },
    TemporalConnectionCloser,
  ],
  exports: [Client],
})
export class TemporalModule {}
