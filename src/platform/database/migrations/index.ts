import { Migration20261123000000InitialSchema } from './Migration20261123000000-initial-schema.js';

/** Applied in this order; a new migration is appended, never edited once released. */
export const MIGRATIONS = [Migration20261123000000InitialSchema];
