import { defineEntity, p } from '@mikro-orm/core';

/**
 * Every word the shop's descriptions use (filled by a trigger on pieces): a misspelt query word
 * is matched against this small dictionary (pg_trgm), and the words it may mean are then looked
 * up in the full-text index.
 */
const SearchWordSchema = defineEntity({
  name: 'SearchWord',
  tableName: 'search_words',
  indexes: [{ name: 'search_words_trgm_index', expression: 'create index "search_words_trgm_index" on "search_words" using gin (word gin_trgm_ops)' }],
  properties: {
    word: p.text().primary(),
  },
});

export class SearchWord extends SearchWordSchema.class {}
SearchWordSchema.setClass(SearchWord);
