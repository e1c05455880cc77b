import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CustomerHit } from './customer-search.service.js';
import type { PieceHit } from './piece-search.service.js';

export class CustomerHitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() phone!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ description: 'How well it matches q, 0 to 1.' }) score!: number;

  static of(hit: CustomerHit): CustomerHitView {
    return { id: hit.id, firstName: hit.first_name, lastName: hit.last_name, phone: hit.phone, email: hit.email, score: hit.score };
  }
}

export class CustomerPageView {
  @ApiProperty({ type: [CustomerHitView] }) customers!: CustomerHitView[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PieceHitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() description!: string;
  @ApiProperty() category!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) certificateNumber!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) retailMinor!: number | null;
  @ApiProperty() currency!: string;
  @ApiProperty() score!: number;

  static of(hit: PieceHit): PieceHitView {
    return {
      id: hit.id,
      storeId: hit.store_id,
      sku: hit.sku,
      description: hit.description,
      category: hit.category,
      status: hit.status,
      certificateNumber: hit.certificate_number,
      retailMinor: hit.retail_minor,
      currency: hit.currency,
      score: hit.score,
    };
  }
}

export class PiecePageView {
  @ApiProperty({ type: [PieceHitView] }) pieces!: PieceHitView[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
