import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '../../../workflows/shared/job-model.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { MAIN_STORE_ID } from '../../stores/store.entity.js';

/** A list of store ids (each a UUID, at most 100). */
function StoreIds(options: { required: boolean; description?: string }): PropertyDecorator {
  const documented: ApiPropertyOptions = { type: [String], format: 'uuid', example: [MAIN_STORE_ID], ...(options.description ? { description: options.description } : {}) };
  return applyDecorators(
    options.required ? ApiProperty(documented) : ApiPropertyOptional(documented),
    ...(options.required ? [] : [IsOptional()]),
    IsArray(),
    ArrayMaxSize(100),
    IsUUID('all', { each: true }),
  );
}

export class CreateStaffAccountDto {
  @ApiProperty({ example: 'ana@atelier.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @RequiredText({ maxLength: 100, example: 'Ana Ruiz' })
  name!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @StoreIds({ required: true, description: 'The stores this person works in (ignored for an owner, who works in all).' })
  storeIds!: string[];
}

export class UpdateStaffAccountDto {
  @OptionalText({ maxLength: 100, example: 'Ana Ruiz-Lopez' })
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @StoreIds({ required: false })
  storeIds?: string[];

  @ApiPropertyOptional({ description: 'false ends every sign-in of the account and refuses new ones.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateApiKeyDto {
  @RequiredText({ maxLength: 100, example: 'Website booking form' })
  name!: string;

  @ApiProperty({ enum: STAFF_ROLES, description: 'The role the key acts in.' })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @StoreIds({ required: true, description: 'The stores the key may act in (a key in the owner role acts in all).' })
  storeIds!: string[];
}
