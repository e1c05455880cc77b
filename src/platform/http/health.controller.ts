import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/staff-auth.guard.js';
import { DomainError } from '../errors/domain-error.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  @PublicRoute()
  @ApiOkResponse({ description: 'The API is up and reaches its database.' })
  async health(): Promise<{ status: 'ok' }> {
    // MikroORM 7 connects lazily: connect first, or a fresh API reports "not connected" until its first query.
    const connection = this.em.getConnection();
    if (!(await connection.ensureConnection().then(() => connection.isConnected(), () => false))) {
      throw new DomainError('unavailable', 'DATABASE_UNAVAILABLE', 'The database does not answer.');
    }
    return { status: 'ok' };
  }
}
