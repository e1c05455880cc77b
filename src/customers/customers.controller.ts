import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { CustomerView } from './customer.view.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto } from './dto/create-customer.dto.js';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @ApiCreatedResponse({ type: CustomerView })
  async create(@Body() body: CreateCustomerDto, @CurrentStaff() staff: StaffMember): Promise<CustomerView> {
    return CustomerView.of(await this.customers.create(staff, body));
  }

  @Get(':customerId')
  @ApiOkResponse({ type: CustomerView })
  async get(@UuidParam('customerId') customerId: string): Promise<CustomerView> {
    return CustomerView.of(await this.customers.get(customerId));
  }
}
