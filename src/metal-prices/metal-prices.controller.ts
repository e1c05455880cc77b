import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { validationFailed } from '../platform/http/validation.js';
import { ImportedView, ListMetalPricesQuery, MetalPriceCsvDto, MetalPricesDto, MetalPriceView, MetalQuoteQuery, MetalQuoteView } from './dto/metal-price.dto.js';
import { metalQuote } from './metal-pricing.js';
import { MetalPrices, isDay } from './metal-prices.service.js';
import { metalPriceError } from './metal-price-errors.js';

@ApiTags('metal-prices')
@ApiBearerAuth()
@Controller('metal-prices')
export class MetalPricesController {
  constructor(private readonly prices: MetalPrices) {}

  @Get()
  @ApiOkResponse({ type: MetalPriceView, isArray: true, description: 'Newest day first (at most 1000).' })
  async list(@Query() query: ListMetalPricesQuery): Promise<MetalPriceView[]> {
    return (await this.prices.list(query)).map((price) => ({
      metal: price.metal,
      day: price.day,
      pricePerGramMinor: price.pricePerGramMinor,
      currency: price.currency,
      enteredBy: price.enteredByName,
      enteredAt: price.enteredAt.toISOString(),
    }));
  }

  @Post()
  @Roles('manager', 'owner')
  @ApiOperation({ summary: "Enter the day's prices per gram of pure metal (a price already entered for the day is replaced)" })
  @ApiCreatedResponse({ type: ImportedView })
  async record(@Body() body: MetalPricesDto, @CurrentStaff() staff: StaffMember): Promise<ImportedView> {
    const badDays = body.prices.flatMap((price, index) => (isDay(price.day) ? [] : [{ field: `prices.${index}.day`, problems: [`prices.${index}.day is not a day of the calendar`] }]));
    if (badDays.length > 0) throw validationFailed(badDays);
    return { recorded: await this.prices.record(staff, body.prices.map((price) => ({ ...price, currency: price.currency.toUpperCase() }))) };
  }

  @Post('import')
  @Roles('manager', 'owner')
  @ApiOperation({ summary: "Import the supplier's CSV (day,metal,price_per_gram,currency); all lines or none" })
  @ApiCreatedResponse({ type: ImportedView })
  async importCsv(@Body() body: MetalPriceCsvDto, @CurrentStaff() staff: StaffMember): Promise<ImportedView> {
    return { recorded: await this.prices.record(staff, this.prices.parseCsv(body.csv)) };
  }

  @Get('quote')
  @ApiOperation({ summary: 'Price a metal item: weight x fineness x the day’s price + making charge, with its inputs' })
  @ApiOkResponse({ type: MetalQuoteView })
  @ApiNotFoundResponse({ description: 'METAL_PRICE_NOT_FOUND (no price on or before the day)' })
  async quote(@Query() query: MetalQuoteQuery): Promise<MetalQuoteView> {
    const day = query.day ?? new Date().toISOString().slice(0, 10);
    if (!isDay(day)) throw validationFailed([{ field: 'day', problems: ['day is not a day of the calendar'] }]);
    const price = await this.prices.priceOn(query.metal, day, query.currency.toUpperCase());
    if (!price) throw metalPriceError('METAL_PRICE_NOT_FOUND', `No ${query.metal} price in ${query.currency.toUpperCase()} on or before ${day}: a manager enters it at POST /metal-prices.`);
    return metalQuote({ ...price, weightMg: query.weightMg, fineness: query.fineness, makingChargeMinor: query.makingChargeMinor ?? 0 });
  }
}
