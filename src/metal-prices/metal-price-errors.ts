import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of metal prices and priced lines, each with its one kind of answer. */
export const metalPriceError = errorCodes('metal-prices', {
  METAL_PRICE_MISSING: 'unprocessable',
  METAL_PRICE_NOT_FOUND: 'not_found',
});
