// The plan's effective-value section: per attribute whose definition or group values change, the
// users whose resolved value changes, before → after, and whether any gets a broader value.

/** Where a user's value of an attribute comes from, and the value (null: no value). */
export interface ResolvedValue {
  readonly value: string | null;
  readonly source: 'user' | 'group' | 'default';
  /** The group that gives the value (`source: 'group'`). */
  readonly groupId?: string;
}

/** One user whose resolved value changes. */
export interface EffectiveChange {
  readonly userId: string;
  readonly email?: string;
  readonly before: ResolvedValue;
  readonly after: ResolvedValue;
  /** The user gets a broader value than before (an advanced filter's, or a permissive default). */
  readonly widens: boolean;
  /** The user's own value was not read: if they have one, it wins and nothing changes for them. */
  readonly ownValueUnread?: true;
}

/** Whose resolved value of one attribute a change alters. */
export interface EffectiveDiff {
  /** Users whose resolved value changes (at most, when `upperBound`). */
  readonly count: number;
  readonly changes: readonly EffectiveChange[];
  /** True when some changed user's own value was not read: `count` is then an upper bound. */
  readonly upperBound: boolean;
  /** True when any change gives a user a broader value than before. */
  readonly widens: boolean;
  /** The attribute hides its values (before or after): changes carry no value. */
  readonly valuesHidden: boolean;
}

/** The effective-value diff of one attribute, as the plan holds it. */
export interface EffectiveSection extends EffectiveDiff {
  readonly attribute: string;
}
