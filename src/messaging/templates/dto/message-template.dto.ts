import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LANGUAGE_TAG } from '../../../customers/dto/create-customer.dto.js';
import { RequiredText } from '../../../platform/http/text-field.js';
import { MESSAGE_CHANNELS, type MessageChannel } from '../notice-catalog.js';

export const MESSAGE_KIND = /^[a-z][a-z_]{0,40}\.[a-z][a-z_]{0,57}$/;

export class SaveMessageTemplateDto {
  @ApiPropertyOptional({ example: 'Your piece ({{jobNumber}}) is ready', description: 'Email only; required there.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @RequiredText({ maxLength: 5000, example: '{{storeName}}: {{firstName}}, your piece ({{jobNumber}}) is ready. {{trackingLink}}' })
  body!: string;
}

export class PreviewMessageTemplateDto {
  @ApiProperty({ example: 'repair.ready' })
  @Matches(MESSAGE_KIND, { message: 'kind must be a message kind such as repair.ready' })
  kind!: string;

  @ApiProperty({ enum: MESSAGE_CHANNELS, example: 'email' })
  @IsIn(MESSAGE_CHANNELS)
  channel!: MessageChannel;

  @ApiPropertyOptional({ example: 'en', default: 'en' })
  @IsOptional()
  @Matches(LANGUAGE_TAG, { message: 'locale must be a language tag such as en or es-MX' })
  locale?: string;

  @ApiPropertyOptional({ example: 'Your piece ({{jobNumber}}) is ready', description: 'A draft subject (email) to preview instead of the text in force.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ example: 'Hello {{firstName}}, your piece ({{jobNumber}}) is ready: {{trackingLink}}', description: 'A draft text to preview instead of the text in force.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  body?: string;
}

export class NotificationSettingDto {
  @ApiProperty({ example: 'repair.pickup_reminder' })
  @Matches(MESSAGE_KIND, { message: 'kind must be a message kind such as repair.ready' })
  kind!: string;

  @ApiProperty({ enum: MESSAGE_CHANNELS, isArray: true, example: ['sms'], description: 'The channels this kind may go on; [] turns it off.' })
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(MESSAGE_CHANNELS, { each: true })
  channels!: MessageChannel[];
}

export class UpdateNotificationSettingsDto {
  @ApiProperty({ type: NotificationSettingDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => NotificationSettingDto)
  settings!: NotificationSettingDto[];
}
