import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { ApiKeys } from './api-keys.service.js';
import { CreateApiKeyDto } from './dto/staff-account.dto.js';
import { ApiKeyView, NewApiKeyView } from './staff.views.js';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('owner')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyView, isArray: true })
  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(ApiKeyView.of);
  }

  @Post()
  @ApiOperation({ summary: 'Make a key for an integration; its secret is in this answer only' })
  @ApiCreatedResponse({ type: NewApiKeyView })
  async create(@CurrentStaff() caller: StaffMember, @Body() body: CreateApiKeyDto): Promise<NewApiKeyView> {
    const { key, secret } = await this.keys.create(caller, body);
    return { key: ApiKeyView.of(key), secret };
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once' })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiNotFoundResponse({ description: 'API_KEY_NOT_FOUND' })
  async revoke(@CurrentStaff() caller: StaffMember, @UuidParam('keyId') keyId: string): Promise<ApiKeyView> {
    return ApiKeyView.of(await this.keys.revoke(caller, keyId));
  }
}
