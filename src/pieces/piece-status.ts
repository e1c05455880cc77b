/** Where a piece of stock is in its life; only the moves below are allowed. */
export const PIECE_STATUSES = ['available', 'reserved', 'sold', 'on_memo', 'in_repair'] as const;
export type PieceStatus = (typeof PIECE_STATUSES)[number];

/**
 * The moves a piece may make: reserved for a customer, sold, out on memo (consignment to another
 * dealer or on approval to a customer), in the workshop, and back. A sale comes back only as a
 * return (to available).
 */
export const PIECE_TRANSITIONS: Record<PieceStatus, readonly PieceStatus[]> = {
  available: ['reserved', 'sold', 'on_memo', 'in_repair'],
  reserved: ['available', 'sold'],
  on_memo: ['available', 'sold'],
  in_repair: ['available'],
  sold: ['available'],
};

export function allowedPieceMoves(from: PieceStatus): readonly PieceStatus[] {
  return PIECE_TRANSITIONS[from];
}
