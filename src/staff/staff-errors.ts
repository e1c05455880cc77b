import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of staff accounts, sign-in and API keys, each with its one kind of answer. */
export const staffError = errorCodes('staff', {
  API_KEY_NOT_FOUND: 'not_found',
  CANNOT_CHANGE_OWN_ACCESS: 'conflict',
  CURRENT_PASSWORD_WRONG: 'forbidden',
  INVALID_CREDENTIALS: 'unauthenticated',
  INVALID_REFRESH_TOKEN: 'unauthenticated',
  INVALID_RESET_TOKEN: 'unprocessable',
  LAST_OWNER: 'conflict',
  NOT_A_SESSION: 'conflict',
  REFRESH_TOKEN_REUSED: 'unauthenticated',
  ROLE_NOT_GRANTABLE: 'forbidden',
  STAFF_EMAIL_TAKEN: 'conflict',
  STAFF_NOT_FOUND: 'not_found',
  STAFF_NOT_IN_STORE: 'unprocessable',
  STAFF_NOT_MANAGEABLE: 'forbidden',
  TOO_MANY_LOGIN_ATTEMPTS: 'too_many_requests',
  UNKNOWN_STORE: 'invalid',
});
