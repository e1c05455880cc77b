import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PIECE_STATUSES } from '../pieces/piece-status.js';
import { PIECE_CATEGORIES } from '../pieces/piece.entity.js';
import { PageCursor, PageLimit } from '../platform/http/paging.js';
import { SEARCH_SORTS, type SearchSort } from './record-search.js';

export class SearchQuery {
  @ApiPropertyOptional({ example: 'rossi', description: 'Words to look for (typos forgiven).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, description: 'relevance when q is given; otherwise alphabetical (customers) or recent (pieces).' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;

  @PageLimit(25)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class PieceSearchQueryDto extends SearchQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: PIECE_STATUSES })
  @IsOptional()
  @IsIn(PIECE_STATUSES)
  status?: (typeof PIECE_STATUSES)[number];

  @ApiPropertyOptional({ enum: PIECE_CATEGORIES })
  @IsOptional()
  @IsIn(PIECE_CATEGORIES)
  category?: (typeof PIECE_CATEGORIES)[number];
}
