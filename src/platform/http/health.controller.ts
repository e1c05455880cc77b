import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/staff-auth.guard.js';
import { platformError } from '../errors/platform-errors.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  @PublicRoute()
  @ApiOkResponse({ description: 'The API is up and reaches its database.' })
  async health(): Promise<{ status: 'ok' }> {
    // A real round trip: a connection flag says nothing about a database that went away.
    const answered = await this.em.getConnection().execute('select 1').then(() => true, () => false);
    if (!answered) throw platformError('DATABASE_UNAVAILABLE', 'The database does not answer.');
    return { status: 'ok' };
  }
}
