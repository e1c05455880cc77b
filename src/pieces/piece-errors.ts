import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of pieces of stock, each with its one kind of answer. */
export const pieceError = errorCodes('pieces', {
  PIECE_NOT_FOUND: 'not_found',
  PIECE_STATUS_NOT_ALLOWED: 'conflict',
  SKU_TAKEN: 'conflict',
});
