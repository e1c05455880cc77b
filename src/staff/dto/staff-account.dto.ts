import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '../../../workflows/shared/job-model.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { MAIN_STORE_ID } from '../../stores/store.entity.js';

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

  @ApiProperty({ type: [String], format: 'uuid', example: [MAIN_STORE_ID], description: 'The stores this person works in (ignored for an owner, who works in all).' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  storeIds!: string[];
}

export class UpdateStaffAccountDto {
  @OptionalText({ maxLength: 100, example: 'Ana Ruiz-Lopez' })
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [MAIN_STORE_ID] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
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

  @ApiProperty({ type: [String], format: 'uuid', example: [MAIN_STORE_ID], description: 'The stores the key may act in (a key in the owner role acts in all).' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  storeIds!: string[];
}
