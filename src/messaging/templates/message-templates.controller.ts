import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { LANGUAGE_TAG } from '../../customers/dto/create-customer.dto.js';
import { trackingUrl } from '../../jobs/tracking-url.js';
import { CurrentStaff, Roles, type StaffMember, StoreScoped } from '../../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../../platform/config/app-config.js';
import { PatternParam, UuidParam } from '../../platform/http/uuid-param.js';
import { StoresService } from '../../stores/stores.service.js';
import { messagingError } from '../messaging-errors.js';
import { MESSAGE_KIND, PreviewMessageTemplateDto, SaveMessageTemplateDto, UpdateNotificationSettingsDto } from './dto/message-template.dto.js';
import { MessageTemplates } from './message-templates.service.js';
import { DEFAULT_LOCALE, MESSAGE_CHANNELS, type MessageChannel } from './notice-catalog.js';
import { NotificationSettingsService } from './notification-settings.service.js';

export class MessageTemplateView {
  @ApiProperty({ example: 'repair.ready' }) kind!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS }) channel!: MessageChannel;
  @ApiProperty({ example: 'en' }) locale!: string;
  @ApiProperty({ enum: ['store', 'default'], description: "The store's own text, or the shipped one." }) source!: 'store' | 'default';
  @ApiPropertyOptional({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty() body!: string;
}

export class MessageKindView {
  @ApiProperty({ example: 'repair.ready' }) kind!: string;
  @ApiProperty({ example: 'The repair passed QC and waits for pickup.' }) description!: string;
  @ApiProperty({ type: String, isArray: true, example: ['firstName', 'jobNumber', 'trackingLink'] }) variables!: string[];
}

export class MessageTemplatesView {
  @ApiProperty({ type: MessageKindView, isArray: true }) kinds!: MessageKindView[];
  @ApiProperty({ type: MessageTemplateView, isArray: true }) templates!: MessageTemplateView[];
}

export class SmsSegmentsView {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: 'GSM-7' | 'UCS-2';
  @ApiProperty({ description: 'GSM-7 septets or UCS-2 code units.' }) units!: number;
  @ApiProperty() segments!: number;
}

export class TemplatePreviewView {
  @ApiPropertyOptional({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ type: SmsSegmentsView, nullable: true }) sms!: SmsSegmentsView | null;
  @ApiProperty({ type: String, isArray: true }) warnings!: string[];
}

export class NotificationSettingView {
  @ApiProperty({ example: 'repair.pickup_reminder' }) kind!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS, isArray: true }) channels!: MessageChannel[];
  @ApiProperty({ description: 'False when the store has not set it (either channel, as the customer prefers).' }) setByStore!: boolean;
}

const Kind = () => PatternParam('kind', MESSAGE_KIND, 'a message kind such as repair.ready');
const Channel = () => PatternParam('channel', /^(sms|email)$/, 'sms or email');
const Locale = () => PatternParam('locale', LANGUAGE_TAG, 'a language tag such as en or es-MX');

/** The text of customers' messages per store, and which events notify on which channel. */
@ApiTags('message templates')
@ApiBearerAuth()
@Controller('stores/:storeId')
export class MessageTemplatesController {
  constructor(
    private readonly stores: StoresService,
    private readonly templates: MessageTemplates,
    private readonly notifications: NotificationSettingsService,
    private readonly config: AppConfig,
  ) {}

  @Get('message-templates')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: MessageTemplatesView, description: "Every kind's variables, and its text on each channel: the store's own where it has one." })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND' })
  async list(@UuidParam('storeId') storeId: string): Promise<MessageTemplatesView> {
    return this.templates.list(await this.stores.get(storeId));
  }

  @Put('message-templates/:kind/:channel/:locale')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: MessageTemplateView })
  @ApiBadRequestResponse({ description: 'UNKNOWN_TEMPLATE_VARIABLE (with the variables allowed), TEMPLATE_SYNTAX; VALIDATION_FAILED naming subject (required for email, absent for SMS)' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND, UNKNOWN_MESSAGE_KIND' })
  async save(
    @UuidParam('storeId') storeId: string,
    @Kind() kind: string,
    @Channel() channel: MessageChannel,
    @Locale() locale: string,
    @Body() body: SaveMessageTemplateDto,
    @CurrentStaff() staff: StaffMember,
  ): Promise<MessageTemplateView> {
    return this.templates.save(await this.stores.get(storeId), kind, channel, locale, body, staff);
  }

  @Delete('message-templates/:kind/:channel/:locale')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The shipped text applies again.' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND, UNKNOWN_MESSAGE_KIND, TEMPLATE_NOT_FOUND' })
  async remove(@UuidParam('storeId') storeId: string, @Kind() kind: string, @Channel() channel: MessageChannel, @Locale() locale: string, @CurrentStaff() staff: StaffMember): Promise<void> {
    const removed = await this.templates.remove(await this.stores.get(storeId), kind, channel, locale, staff);
    if (!removed) throw messagingError('TEMPLATE_NOT_FOUND', `The store has no ${channel} text of its own for ${kind} in ${locale}.`);
  }

  @Post('message-templates/preview')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @HttpCode(200)
  @ApiOkResponse({ type: TemplatePreviewView, description: 'The text with example values; for SMS its encoding and segment count, with a warning past 2 segments.' })
  @ApiBadRequestResponse({ description: 'UNKNOWN_TEMPLATE_VARIABLE, TEMPLATE_SYNTAX; VALIDATION_FAILED naming subject (required for email, absent for SMS)' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND, UNKNOWN_MESSAGE_KIND' })
  async preview(@UuidParam('storeId') storeId: string, @Body() body: PreviewMessageTemplateDto): Promise<TemplatePreviewView> {
    const store = await this.stores.get(storeId);
    const draft = body.body !== undefined ? { body: body.body, subject: body.subject } : undefined;
    return this.templates.preview(store, body.kind, body.channel, body.locale ?? DEFAULT_LOCALE, draft, trackingUrl(this.config, 'k7Qm2xWc9Zr4Tn8Yb3Hd6Jf1Lp5Sv0Ga'));
  }

  @Get('notifications')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: NotificationSettingView, isArray: true, description: 'Every message kind and the channels it goes on in this store.' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND' })
  async notificationSettings(@UuidParam('storeId') storeId: string): Promise<NotificationSettingView[]> {
    return this.notifications.of(await this.stores.get(storeId));
  }

  @Put('notifications')
  @StoreScoped('store', 'storeId')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: NotificationSettingView, isArray: true, description: 'The settings after the change; kinds not named keep theirs.' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND, UNKNOWN_MESSAGE_KIND' })
  async updateNotificationSettings(@UuidParam('storeId') storeId: string, @Body() body: UpdateNotificationSettingsDto, @CurrentStaff() staff: StaffMember): Promise<NotificationSettingView[]> {
    return this.notifications.update(staff, storeId, body.settings);
  }
}
