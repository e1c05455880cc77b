import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { CreateStoreDto } from './dto/create-store.dto.js';
import { UpdateStorePolicyDto } from './dto/store-policy.dto.js';
import { StoreView } from './store.view.js';
import { StoresService } from './stores.service.js';

@ApiTags('stores')
@ApiBearerAuth()
@Controller('stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  @ApiOkResponse({ type: StoreView, isArray: true })
  async list(): Promise<StoreView[]> {
    return (await this.stores.list()).map((store) => StoreView.of(store, this.stores.policyOf(store)));
  }

  @Get(':storeId')
  @ApiOkResponse({ type: StoreView })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND' })
  async get(@UuidParam('storeId') storeId: string): Promise<StoreView> {
    const store = await this.stores.get(storeId);
    return StoreView.of(store, this.stores.policyOf(store));
  }

  @Post()
  @Roles('owner')
  @ApiCreatedResponse({ type: StoreView })
  @ApiConflictResponse({ description: 'STORE_CODE_TAKEN' })
  async create(@Body() body: CreateStoreDto, @CurrentStaff() staff: StaffMember): Promise<StoreView> {
    const store = await this.stores.create(staff, body);
    return StoreView.of(store, this.stores.policyOf(store));
  }

  @Put(':storeId/policy')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: StoreView, description: 'The store with its policy in force after the change.' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND (also a store a manager does not work in)' })
  async updatePolicy(@UuidParam('storeId') storeId: string, @Body() body: UpdateStorePolicyDto, @CurrentStaff() staff: StaffMember): Promise<StoreView> {
    const store = await this.stores.updatePolicy(staff, storeId, body);
    return StoreView.of(store, this.stores.policyOf(store));
  }
}
