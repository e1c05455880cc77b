import { defineEntity, p } from '@mikro-orm/core';
import { Store } from '../stores/store.entity.js';
import { PIECE_STATUSES } from './piece-status.js';

export const PIECE_CATEGORIES = ['ring', 'necklace', 'pendant', 'bracelet', 'earrings', 'brooch', 'watch', 'chain', 'loose_stone', 'other'] as const;
export const METALS = ['gold', 'silver', 'platinum', 'palladium'] as const;
export type Metal = (typeof METALS)[number];
export const METAL_COLOURS = ['yellow', 'white', 'rose', 'green', 'black', 'natural'] as const;
export const STORAGE_PLACES = ['display_case', 'safe', 'vault', 'back_office', 'workshop', 'elsewhere'] as const;
export const GRADING_LABS = ['GIA', 'IGI', 'AGS', 'HRD', 'GCAL', 'EGL', 'other'] as const;

const RECORD_SEARCH_WORDS = `insert into search_words (word) select unnest(tsvector_to_array(new.description_search)) on conflict do nothing; return null;`;

/** A valued piece the shop holds as stock: what it is, what it is made of, where it is, what it is worth. */
const PieceSchema = defineEntity({
  name: 'Piece',
  tableName: 'pieces',
  indexes: [
    { name: 'pieces_store_status_index', properties: ['store', 'status'] },
    // The newest pieces first: relevance ranks the newest matches of a broad search.
    { name: 'pieces_created_at_index', expression: 'create index "pieces_created_at_index" on "pieces" ("created_at" desc, "id" desc)' },
    // Search: a SKU or certificate number in part (pg_trgm), words of the description (typo-tolerant).
    { name: 'pieces_sku_trgm_index', expression: 'create index "pieces_sku_trgm_index" on "pieces" using gin (lower(sku) gin_trgm_ops)' },
    { name: 'pieces_certificate_trgm_index', expression: 'create index "pieces_certificate_trgm_index" on "pieces" using gin (lower(certificate_number) gin_trgm_ops)' },
    { name: 'pieces_description_search_index', expression: 'create index "pieces_description_search_index" on "pieces" using gin ("description_search")' },
  ],
  // Every word of a description goes into the search dictionary, which makes a misspelt word findable.
  triggers: [{ name: 'pieces_description_words', timing: 'after', events: ['insert', 'update'], forEach: 'row', body: RECORD_SEARCH_WORDS }],
  uniques: [{ name: 'pieces_store_sku_unique', properties: ['store', 'sku'] }],
  properties: {
    id: p.uuid().primary(),
    store: () => p.manyToOne(Store),
    sku: p.string().length(40),
    serial: p.string().length(60).nullable(),
    description: p.text(),
    /** The description's words for full-text search, kept by PostgreSQL itself. */
    descriptionSearch: p.type('tsvector').generated(`(to_tsvector('simple', description)) stored`).nullable().lazy().hidden(),
    category: p.enum(PIECE_CATEGORIES),
    metal: p.enum(METALS).nullable(),
    metalColour: p.enum(METAL_COLOURS).nullable(),
    /** Parts per thousand of pure metal (585 = 14k gold, 925 = sterling). */
    fineness: p.integer().nullable(),
    /** Weight in milligrams (shown in grams to 3 decimals): integers, so sums are exact. */
    weightMg: p.integer().nullable(),
    certificateLab: p.enum(GRADING_LABS).nullable(),
    certificateNumber: p.string().length(40).nullable(),
    provenance: p.text().nullable(),
    costMinor: p.integer().nullable(),
    retailMinor: p.integer().nullable(),
    currency: p.string().length(3),
    /** A metal-priced piece: its price is weight x fineness x the day's metal price + this. */
    makingChargeMinor: p.integer().nullable(),
    place: p.enum(STORAGE_PLACES),
    placeDetail: p.string().length(100).nullable(),
    status: p.enum(PIECE_STATUSES),
    statusSince: p.datetime(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export class Piece extends PieceSchema.class {}
PieceSchema.setClass(Piece);

/** A stone set in a piece (or the loose stone itself): one row per kind of stone, with a count. */
const PieceStoneSchema = defineEntity({
  name: 'PieceStone',
  tableName: 'piece_stones',
  properties: {
    id: p.uuid().primary(),
    piece: () => p.manyToOne(Piece).index().deleteRule('cascade'),
    type: p.string().length(40),
    /** Carat weight of one stone in hundredths (points): 1.25 ct = 125. */
    caratPoints: p.integer(),
    shape: p.string().length(40).nullable(),
    colour: p.string().length(20).nullable(),
    clarity: p.string().length(20).nullable(),
    count: p.integer(),
  },
});
export class PieceStone extends PieceStoneSchema.class {}
PieceStoneSchema.setClass(PieceStone);

/** Every status move of a piece, with who, when and why: its history. */
const PieceStatusChangeSchema = defineEntity({
  name: 'PieceStatusChange',
  tableName: 'piece_status_changes',
  properties: {
    id: p.uuid().primary(),
    piece: () => p.manyToOne(Piece).index(),
    from: p.enum(PIECE_STATUSES).nullable(),
    to: p.enum(PIECE_STATUSES),
    reason: p.text().nullable(),
    at: p.datetime(),
    byId: p.string().length(64).nullable(),
    byName: p.string().length(100),
  },
});
export class PieceStatusChange extends PieceStatusChangeSchema.class {}
PieceStatusChangeSchema.setClass(PieceStatusChange);
