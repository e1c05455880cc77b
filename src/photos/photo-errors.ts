import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of photos, each with its one kind of answer. */
export const photoError = errorCodes('photos', {
  BODY_TOO_LARGE: 'too_large',
  PHOTO_CONTENT_INVALID: 'invalid',
  PHOTO_NOT_FOUND: 'not_found',
  PHOTO_UNAVAILABLE: 'unavailable',
  UNKNOWN_PHOTO: 'unprocessable',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
});
