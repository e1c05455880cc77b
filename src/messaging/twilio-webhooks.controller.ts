import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import twilio from 'twilio';
import { PublicRoute } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { DeliveryReceipts } from './delivery-receipts.service.js';
import { InboundSmsService } from './inbound-sms.service.js';
import { messagingError } from './messaging-errors.js';

export const INBOUND_SMS_PATH = '/webhooks/twilio/sms';
export const STATUS_CALLBACK_PATH = '/webhooks/twilio/status';

/**
 * Twilio calls these: each request must carry a valid X-Twilio-Signature for the shop's auth token
 * and public URL (checked with the twilio SDK), or it is refused with 403 and changes nothing.
 */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly inbound: InboundSmsService,
    private readonly receipts: DeliveryReceipts,
    private readonly config: AppConfig,
  ) {}

  @Post('sms')
  @PublicRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "A customer's text (Twilio's incoming-message webhook): keywords, answers to approvals, the staff inbox" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'TwiML: at most one message back.' })
  @ApiForbiddenResponse({ description: 'INVALID_TWILIO_SIGNATURE' })
  async sms(@Body() body: unknown, @Headers('x-twilio-signature') signature: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const params = this.signed(body, signature, INBOUND_SMS_PATH);
    const { reply: text } = await this.inbound.receive({ providerMessageId: params.MessageSid ?? '', from: params.From ?? '', body: params.Body ?? '' });
    const twiml = new twilio.twiml.MessagingResponse();
    if (text) twiml.message(text);
    await reply.header('Content-Type', 'text/xml; charset=utf-8').send(twiml.toString());
  }

  @Post('status')
  @PublicRoute()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "A text's delivery receipt (Twilio's status callback): delivered, undelivered or failed, onto the message" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiNoContentResponse({ description: 'Recorded (or nothing new).' })
  @ApiForbiddenResponse({ description: 'INVALID_TWILIO_SIGNATURE' })
  async status(@Body() body: unknown, @Headers('x-twilio-signature') signature: string | undefined): Promise<void> {
    const params = this.signed(body, signature, STATUS_CALLBACK_PATH);
    await this.receipts.record(params.MessageSid, params.MessageStatus ?? params.SmsStatus ?? '', params.ErrorCode || undefined);
  }

  /** The form Twilio posted, if its signature holds for our public URL of `path`; otherwise 403. */
  private signed(body: unknown, signature: string | undefined, path: string): Record<string, string> {
    const params = body && typeof body === 'object' && !Buffer.isBuffer(body) ? (body as Record<string, string>) : undefined;
    const url = `${this.config.http.publicBaseUrl.replace(/\/$/, '')}${path}`;
    if (!params || !signature || !twilio.validateRequest(this.config.twilio.authToken, signature, url, params) || !params.MessageSid) {
      throw messagingError('INVALID_TWILIO_SIGNATURE', 'This request is not signed by Twilio for this shop.');
    }
    return params;
  }
}
