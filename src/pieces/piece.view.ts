import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PhotoView } from '../photos/photo.view.js';
import { MetalQuoteView } from '../metal-prices/dto/metal-price.dto.js';
import { PIECE_STATUSES, allowedPieceMoves } from './piece-status.js';
import type { PieceRecord } from './pieces.service.js';

export class StoneView {
  @ApiProperty() type!: string;
  @ApiProperty({ example: 0.5 }) carat!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) shape!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) colour!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) clarity!: string | null;
  @ApiProperty() count!: number;
}

export class PieceStatusChangeView {
  @ApiPropertyOptional({ nullable: true, enum: PIECE_STATUSES }) from!: string | null;
  @ApiProperty({ enum: PIECE_STATUSES }) to!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class PieceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty() sku!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) serial!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty() category!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) metal!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) metalColour!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) fineness!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) weightGrams!: number | null;
  @ApiProperty({ type: [StoneView] }) stones!: StoneView[];
  @ApiPropertyOptional({ nullable: true, description: '{ lab, number }' }) certificate!: { lab: string; number: string } | null;
  @ApiPropertyOptional({ nullable: true, type: String }) provenance!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) costMinor!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) retailMinor!: number | null;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) makingChargeMinor!: number | null;
  @ApiPropertyOptional({ nullable: true, type: MetalQuoteView, description: "A metal-priced piece's price today, with its inputs (null without a metal price)." }) metalPrice!: MetalQuoteView | null;
  @ApiProperty() place!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) placeDetail!: string | null;
  @ApiProperty({ enum: PIECE_STATUSES }) status!: string;
  @ApiProperty() statusSince!: string;
  @ApiProperty({ enum: PIECE_STATUSES, isArray: true, description: 'The statuses it may move to now.' }) allowedStatuses!: string[];
  @ApiProperty({ type: [PieceStatusChangeView], description: 'Newest first.' }) statusHistory!: PieceStatusChangeView[];
  @ApiProperty({ type: [PhotoView] }) photos!: PhotoView[];

  static of({ piece, stones, history, metalPrice, photos }: PieceRecord): PieceView {
    return {
      id: piece.id,
      storeId: piece.store.id,
      sku: piece.sku,
      serial: piece.serial ?? null,
      description: piece.description,
      category: piece.category,
      metal: piece.metal ?? null,
      metalColour: piece.metalColour ?? null,
      fineness: piece.fineness ?? null,
      weightGrams: piece.weightMg === null || piece.weightMg === undefined ? null : piece.weightMg / 1000,
      stones: stones.map((stone) => ({ type: stone.type, carat: stone.caratPoints / 100, shape: stone.shape ?? null, colour: stone.colour ?? null, clarity: stone.clarity ?? null, count: stone.count })),
      certificate: piece.certificateLab && piece.certificateNumber ? { lab: piece.certificateLab, number: piece.certificateNumber } : null,
      provenance: piece.provenance ?? null,
      costMinor: piece.costMinor ?? null,
      retailMinor: piece.retailMinor ?? null,
      currency: piece.currency,
      makingChargeMinor: piece.makingChargeMinor ?? null,
      metalPrice,
      place: piece.place,
      placeDetail: piece.placeDetail ?? null,
      status: piece.status,
      statusSince: piece.statusSince.toISOString(),
      allowedStatuses: [...allowedPieceMoves(piece.status)],
      photos: photos.map(PhotoView.of),
      statusHistory: history.map((change) => ({ from: change.from ?? null, to: change.to, reason: change.reason ?? null, at: change.at.toISOString(), by: change.byName })),
    };
  }
}
