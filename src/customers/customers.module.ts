import { Module } from '@nestjs/common';
import { CustomerMerge } from './customer-merge.service.js';
import { CustomerProfiles } from './customer-profiles.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';
import { CustomerSearch } from '../search/customer-search.service.js';

@Module({ controllers: [CustomersController], providers: [CustomersService, CustomerProfiles, CustomerMerge, CustomerSearch], exports: [CustomersService] })
export class CustomersModule {}
