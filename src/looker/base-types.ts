// The Looker types other type modules build on: field lists, list inputs, attribute types.

/** A user attribute's type: Looker's known types, and any other string newer releases add. */
export type LookerUserAttributeType =
  | 'string'
  | 'number'
  | 'datetime'
  | 'yesno'
  | 'zipcode'
  | 'advanced_filter_string'
  | 'advanced_filter_number'
  | 'advanced_filter_datetime'
  | 'relative_url'
  | (string & {});

/** Field names to return, sent comma-joined (`fields=id,email`). Not empty: leave it out for every field. */
export type Fields = readonly string[];

/** Input of `listUsers` and `listGroups`: every item, `pageSize` at a time. */
export interface ListInput {
  fields?: Fields;
  /** Default `id`, so that pages neither skip nor repeat items. */
  sorts?: string;
  /** Items per request, 1 to 1000. Default 500. */
  pageSize?: number;
}
