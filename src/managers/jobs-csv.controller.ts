import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { JobsCsvQuery } from './dto/dashboard-queries.dto.js';
import { CSV_BOM } from './jobs-csv-format.js';
import { JobsCsv } from './jobs-csv.service.js';
import { ReportScopes } from './reporting/report-scope.js';

/** The jobs of a period as a spreadsheet: dates, time in each stage, who took them in and moved them on. */
@ApiTags('managers')
@ApiBearerAuth()
@Roles('manager', 'owner')
@Controller('manager')
export class JobsCsvController {
  private readonly logger = new Logger(JobsCsvController.name);

  constructor(
    private readonly scopes: ReportScopes,
    private readonly csv: JobsCsv,
  ) {}

  @Get('jobs.csv')
  @ApiOperation({ summary: 'The jobs taken in (or finished) in the period, one CSV row each, streamed' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 CSV (RFC 4180, with a byte-order mark); instants in UTC (ISO 8601), days in the store\'s calendar, durations in seconds.' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (a field), PERIOD_REVERSED (`from` after `to`), PERIOD_TOO_LONG (more than 366 days)' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND (also for a store you do not work in)' })
  async jobs(@Query() query: JobsCsvQuery, @CurrentStaff() staff: StaffMember, @Res() reply: FastifyReply): Promise<void> {
    // Everything that can refuse the request is settled before the first byte goes out.
    const scope = this.scopes.scopeOf(staff, query);
    const period = await this.scopes.periodOf(scope, query);
    const csv = this.csv;
    const logger = this.logger;
    async function* body(): AsyncGenerator<string> {
      yield CSV_BOM + csv.header(scope);
      try {
        yield* csv.rows(scope, period, query.dates ?? 'taken_in');
      } catch (error) {
        // The status line is gone: the client sees a cut-off file, the log says why (type and message only).
        logger.error(`Jobs export stopped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        throw error;
      }
    }
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="jobs-${period.from}-to-${period.to}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(body()));
  }
}
