import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf, changesBetween } from '../audit/audit-trail.service.js';
import { metalQuote, type MetalQuote } from '../metal-prices/metal-pricing.js';
import { MetalPrices } from '../metal-prices/metal-prices.service.js';
import type { Photo } from '../photos/photo.entity.js';
import { PhotosService } from '../photos/photos.service.js';
import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { StoresService } from '../stores/stores.service.js';
import type { CreatePieceDto, PieceDetailsDto, PieceStatusDto } from './dto/piece.dto.js';
import { allowedPieceMoves } from './piece-status.js';
import { Piece, PieceStatusChange, PieceStone } from './piece.entity.js';
import { pieceError } from './piece-errors.js';

/** The fields whose before and after the audit keeps: prices and where the piece is. */
const AUDITED = ['costMinor', 'retailMinor', 'makingChargeMinor', 'place', 'placeDetail'] as const;

export interface PieceRecord {
  piece: Piece;
  stones: PieceStone[];
  history: PieceStatusChange[];
  metalPrice: MetalQuote | null;
  photos: Photo[];
}

/** The shop's valued stock: pieces with their stones, prices, place and status history. */
@Injectable()
export class PiecesService {
  constructor(
    private readonly em: EntityManager,
    private readonly stores: StoresService,
    private readonly metalPrices: MetalPrices,
    private readonly audit: AuditTrail,
    private readonly photos: PhotosService,
  ) {}

  async create(staff: StaffMember, input: CreatePieceDto): Promise<PieceRecord> {
    const store = await this.stores.forStaff(staff, input.storeId);
    const em = this.em.fork();
    const now = new Date();
    const piece = em.create(Piece, {
      id: randomUUID(),
      store,
      sku: input.sku,
      serial: input.serial ?? null,
      description: input.description,
      category: input.category,
      metal: input.metal ?? null,
      metalColour: input.metalColour ?? null,
      fineness: input.fineness ?? null,
      weightMg: input.weightGrams === undefined ? null : Math.round(input.weightGrams * 1000),
      certificateLab: input.certificate?.lab ?? null,
      certificateNumber: input.certificate?.number ?? null,
      provenance: input.provenance ?? null,
      costMinor: input.costMinor ?? null,
      retailMinor: input.retailMinor ?? null,
      currency: input.currency.toUpperCase(),
      makingChargeMinor: input.makingChargeMinor ?? null,
      place: input.place ?? 'safe',
      placeDetail: input.placeDetail ?? null,
      status: 'available',
      statusSince: now,
      createdAt: now,
      updatedAt: now,
    });
    for (const stone of input.stones ?? []) {
      em.create(PieceStone, {
        id: randomUUID(),
        piece,
        type: stone.type,
        caratPoints: Math.round(stone.carat * 100),
        shape: stone.shape ?? null,
        colour: stone.colour ?? null,
        clarity: stone.clarity ?? null,
        count: stone.count ?? 1,
      });
    }
    em.create(PieceStatusChange, { id: randomUUID(), piece, from: null, to: 'available', reason: 'Entered into stock', at: now, byId: staff.id, byName: staff.name });
    this.audit.record(em, auditActorOf(staff), {
      action: 'create',
      recordType: 'piece',
      recordId: piece.id,
      storeId: store.id,
      changes: { sku: { after: piece.sku }, costMinor: { after: piece.costMinor }, retailMinor: { after: piece.retailMinor }, status: { after: 'available' } },
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw pieceError('SKU_TAKEN', `Another piece of this store has the SKU ${input.sku}.`, { field: 'sku' });
      throw error;
    }
    return this.read(piece.id, staff);
  }

  async read(id: string, viewer: StaffMember): Promise<PieceRecord> {
    const em = this.em.fork();
    const piece = await this.require(em, id, viewer);
    const [stones, history, photos] = await Promise.all([
      em.find(PieceStone, { piece: id }, { orderBy: { caratPoints: 'desc', id: 'asc' } }),
      em.find(PieceStatusChange, { piece: id }, { orderBy: { at: 'desc', id: 'asc' } }),
      this.photos.list({ kind: 'piece', id }),
    ]);
    return { piece, stones, history, photos, metalPrice: await this.metalPriceOf(piece, em) };
  }

  async update(staff: StaffMember, id: string, change: PieceDetailsDto): Promise<PieceRecord> {
    const em = this.em.fork();
    const piece = await this.require(em, id, staff);
    const before = { ...piece };
    for (const [field, value] of Object.entries(change)) if (value !== undefined) Object.assign(piece, { [field]: value });
    const changes = changesBetween(before, piece, AUDITED);
    piece.updatedAt = new Date();
    if (Object.keys(changes).length > 0) this.audit.record(em, auditActorOf(staff), { action: 'update', recordType: 'piece', recordId: piece.id, storeId: piece.store.id, changes });
    await em.flush();
    return this.read(id, staff);
  }

  /** Moves the piece to a new status if that move is allowed from where it is (409 naming the allowed ones). */
  async changeStatus(staff: StaffMember, id: string, change: PieceStatusDto): Promise<PieceRecord> {
    const em = this.em.fork();
    await em.transactional(async (tx) => {
      const piece = await this.require(tx, id, staff, true);
      const allowed = allowedPieceMoves(piece.status);
      if (!allowed.includes(change.status)) {
        throw pieceError('PIECE_STATUS_NOT_ALLOWED', `A piece that is ${piece.status} cannot become ${change.status}.`, { currentStatus: piece.status, allowedStatuses: allowed });
      }
      const now = new Date();
      tx.create(PieceStatusChange, { id: randomUUID(), piece, from: piece.status, to: change.status, reason: change.reason ?? null, at: now, byId: staff.id, byName: staff.name });
      this.audit.record(tx, auditActorOf(staff), { action: 'status_change', recordType: 'piece', recordId: piece.id, storeId: piece.store.id, changes: { status: { before: piece.status, after: change.status } } });
      Object.assign(piece, { status: change.status, statusSince: now, updatedAt: now });
    });
    return this.read(id, staff);
  }

  private async require(em: EntityManager, id: string, viewer: StaffMember, lock = false): Promise<Piece> {
    const piece = await em.findOne(Piece, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!piece || !worksIn(viewer, piece.store.id)) throw pieceError('PIECE_NOT_FOUND', `No piece with id ${id}.`);
    return piece;
  }

  /** For a metal-priced piece (one with a making charge, a metal, fineness and weight): today's price with its inputs. */
  private async metalPriceOf(piece: Piece, em: EntityManager): Promise<MetalQuote | null> {
    if (piece.makingChargeMinor === null || piece.makingChargeMinor === undefined || !piece.metal || !piece.fineness || !piece.weightMg) return null;
    const price = await this.metalPrices.priceOn(piece.metal, new Date().toISOString().slice(0, 10), piece.currency, em);
    if (!price) return null;
    return metalQuote({ ...price, weightMg: piece.weightMg, fineness: piece.fineness, makingChargeMinor: piece.makingChargeMinor });
  }
}
