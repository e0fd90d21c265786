// The plan: a plain, versioned, sealed JSON value saying what apply will do, user by user.
import type { EffectiveSection } from './effective.js';
import type { SyncProblem } from './records.js';
import type { LookerAttributeType, SyncService } from './ports.js';
import type { PlanSeal } from './seal.js';
import type { DefinitionChange, GroupValuesChange, Layer } from './layers.js';

/**
 * The plan format this library writes and reads: 2 since plans record the services' base URLs,
 * their seal and the record digests. A plan of another version is refused: make a new plan.
 */
export const PLAN_VERSION = 2;

/** Where a user's value comes from once their own value is removed. */
export interface Fallback {
  /** The value the user then resolves to; null when there is none. */
  readonly value: string | null;
  /**
   * Looker's `source` of that value (`Default`, a group's name, `No Value`); `none` for DX;
   * `unknown` in a revert plan's Looker removals, whose fallback (the value before the apply) was never read.
   */
  readonly source: string;
}

/** What happens to one attribute of one user (attributes that hide their values are never planned). */
export type Change =
  /** Write `after`; `before` is the user's own value (null when they have none). */
  | { readonly attribute: string; readonly action: 'set'; readonly before: string | null; readonly after: string }
  /** Remove the user's own value, after which they resolve to `fallback`. */
  | { readonly attribute: string; readonly action: 'remove'; readonly before: string | null; readonly fallback: Fallback }
  /** Compared, and already as the record says (or the mapping keeps it). */
  | { readonly attribute: string; readonly action: 'unchanged' };

/** One user's changes. Only users with a change to write are listed. */
export interface PlannedUser {
  readonly email: string;
  /**
   * The 53-bit digest of the user's record (no value can be read from it), when the record met no
   * problem: `recordSnapshot` adds it once every write of the user is in place.
   */
  readonly digest?: number;
  readonly looker?: { readonly userId: string; readonly changes: readonly Change[] };
  readonly dx?: { readonly changes: readonly Change[] };
}

/** A Looker attribute the plan writes, as resolved by name. */
export interface PlannedLookerAttribute {
  readonly name: string;
  /** Empty for an attribute the plan's definitions create: apply learns its id when it does. */
  readonly id: string;
  /** Created by the plan's definitions (then `type` and `userCanEdit` are those declared). */
  readonly created?: true;
  /** Null when Looker gives the attribute no type: its values are then checked by Looker alone. */
  readonly type: LookerAttributeType | null;
  readonly userCanEdit: boolean;
}

/** How a plan found the users its records name, and why that way (the cheaper for the input at hand). */
export interface LookerUsersFound {
  /** `listing`: every user paged once (`all_users`); `lookups`: one exact `findUserByEmail` per record. */
  readonly method: 'listing' | 'lookups';
  readonly reason: string;
  /** Requests spent finding users: `all_users` pages, or lookups (one per record with a user to find). */
  readonly calls: number;
  /** Requests read to choose the way that it does not use (0 to 2). */
  readonly probes: number;
}

/** What the plan did with Looker. */
export type LookerServicePlan =
  | {
    readonly status: 'planned';
    /** The Looker the plan read (the client's `baseUrl`): apply refuses a client for another. */
    readonly baseUrl: string;
    readonly attributes: readonly PlannedLookerAttribute[];
    /** `all_users` pages read to build the email map. */
    readonly userPages: number;
    /** Users whose current values were read (one call each). */
    readonly usersRead: number;
    /** How the users were found (absent in plans made before the choice existed). */
    readonly users?: LookerUsersFound;
  }
  | {
    readonly status: 'skipped';
    readonly reason: string;
    /** The Looker whose definitions or group values the plan read, when it changes only those: apply refuses a client for another. */
    readonly baseUrl?: string;
  };

/** What the plan did with DX. */
export type DxServicePlan =
  | {
    readonly status: 'planned';
    /** The DX the plan read (the client's `baseUrl`): apply refuses a client for another. */
    readonly baseUrl: string;
    readonly attributes: readonly string[];
    /** `users.list` pages read; a re-check of a stale plan reads them again. */
    readonly pages: number;
    readonly listedUsers: number;
    /** Why DX is listed (absent in plans made before it said). */
    readonly users?: { readonly method: 'listing'; readonly reason: string };
  }
  | { readonly status: 'skipped'; readonly reason: string };

/** Something to look at before applying. */
export interface SyncWarning {
  /** The user concerned; absent when the warning is about the attribute itself. */
  readonly email?: string;
  readonly service: SyncService;
  readonly attribute: string;
  /**
   * `widens_access`: a removal leaves the user on a non-empty default, which under row-level
   * security may show them more. `user_editable`: users can edit the attribute themselves, so
   * Looker cannot use it as an access filter. `identity_provider_mapped`: an enabled SAML, OIDC or
   * LDAP login sets the attribute, so a value the sync writes lasts only until the user's next
   * login. `identity_provider_unchecked`: the providers' configs could not be read (403, 404).
   */
  readonly kind: 'widens_access' | 'user_editable' | 'identity_provider_mapped' | 'identity_provider_unchecked';
  readonly message: string;
  /** The identity providers concerned (`identity_provider_*` warnings). */
  readonly providers?: readonly IdentityProviderName[];
  /** `identity_provider_mapped`: the provider's attribute (SAML assertion attribute, OIDC claim, LDAP attribute) that sets it. */
  readonly providerAttribute?: string;
}

/** Looker's identity providers whose logins can set user attributes. */
export type IdentityProviderName = 'saml' | 'oidc' | 'ldap';

/** Counts over every record, listed users or not. */
export interface PlanSummary {
  readonly set: number;
  readonly remove: number;
  readonly unchanged: number;
  readonly problems: number;
  /** Usable records read. */
  readonly records: number;
  /**
   * Records compared with at least one service (a value found to set, to remove or unchanged).
   * 0, with no record left out as unchanged either, means the plan checked nothing: the input had no
   * records, or every record was a problem. Such a plan holds no change, yet nothing matches.
   */
  readonly compared: number;
  /** Records left out because they equal the previous run's (incremental plans). */
  readonly skippedUnchanged: number;
  /** Definitions to create, update or delete (when the mapping declares `looker.attributes`). */
  readonly definitionChanges?: number;
  /** Group value calls (PATCH, DELETE, POST) to make (when the mapping declares `looker.groupValues`). */
  readonly groupValueCalls?: number;
}

/** What `plan` returns and `apply` performs: a plain JSON value, safe to save and read back. */
export interface SyncPlan {
  readonly version: typeof PLAN_VERSION;
  /** Identifies the plan in its journal. */
  readonly id: string;
  readonly createdAt: string;
  /** True when a previous snapshot limited the plan to changed records. */
  readonly incremental: boolean;
  readonly services: { readonly looker: LookerServicePlan; readonly dx: DxServicePlan };
  /** The first layer, applied first: each definition the mapping declares (`looker.attributes`). */
  readonly definitions?: readonly DefinitionChange[];
  /** The second layer, applied next: each attribute's group values the mapping declares (`looker.groupValues`). */
  readonly groupValues?: readonly GroupValuesChange[];
  readonly users: readonly PlannedUser[];
  readonly problems: readonly SyncProblem[];
  readonly warnings: readonly SyncWarning[];
  /**
   * Per Looker attribute whose definition or group values the plan changes: the users whose
   * resolved value changes, before → after (see `EffectiveSection`). Absent when none changes.
   */
  readonly effective?: readonly EffectiveSection[];
  /**
   * Requests apply will make per service if nothing fails: one per Looker value, one per 100
   * Looker users to check that each id still has the plan's email, and one login
   * (`LOOKER_LOGINS`) when Looker has writes; one per DX user.
   */
  readonly forecast: { readonly looker: number; readonly dx: number };
  readonly summary: PlanSummary;
  /**
   * The digests of the records settled without a write: compared and found as they ask, with no
   * problem, or left out because the `previous` snapshot holds them. Part of the next snapshot.
   */
  readonly settled: readonly number[];
  /**
   * A digest of each other section, written by `plan`: a plan read back (`validatePlan`,
   * `parsePlan`, `apply`) whose sections do not match it is refused, naming them. It catches edits;
   * it is not a signature.
   */
  readonly seal: PlanSeal;
  /** Present in a plan made by `revert`: the plan it reverts, and what it cannot put back. */
  readonly revert?: RevertOf;
  /** Present in a partial plan (`targets`): only these people were planned. */
  readonly partial?: PartialScope;
}

/** Why a change of the reverted plan is not in the revert plan. */
export type NotRevertedReason =
  /** The journal records it failed, a conflict, or skipped, or has no outcome for it: it replaced nothing. */
  | 'not_applied'
  /** Attempted with no outcome recorded (a run cut off): resume that apply first, then revert. */
  | 'in_doubt'
  /** It was found already as planned, so the plan's `before` is not what it replaced. */
  | 'already_in_state'
  /** The value it replaced was never read (a hidden value): there is nothing to put back. */
  | 'value_not_read'
  /** A definition or group values change: a revert puts back user values only (declare what to restore, and plan it). */
  | 'layer_not_reverted';

/** A change of the reverted plan that the revert plan cannot put back. */
export interface NotReverted {
  /** The user's email; empty for a definition or group values change. */
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  /** Set for a definition or group values change. */
  readonly layer?: Layer;
  readonly reason: NotRevertedReason;
  /** How the journal says it ended, when it says so. */
  readonly outcome?: string;
}

/** What a revert plan reverts. Its changes are always re-read before writing (see `apply`). */
export interface RevertOf {
  /** The id of the plan whose applied changes it puts back. */
  readonly planId: string;
  readonly notReverted: readonly NotReverted[];
}

/** The scope of a partial plan: records of other people were read, not compared, and not planned. */
export interface PartialScope {
  /** The normalised emails planned. */
  readonly targets: readonly string[];
  /** Targets no record names: nothing was planned for them. */
  readonly unmatched: readonly string[];
  /** Usable records left out as not targeted. */
  readonly notTargeted: number;
}

/**
 * Logins a Looker forecast allows for: apply's client logs in once before its first call, and
 * Looker counts that request too (a client that already holds a token skips it, one fewer).
 */
export const LOOKER_LOGINS = 1;

/** True for the changes apply writes. */
export const writes = (change: Change): change is Extract<Change, { action: 'set' | 'remove' }> =>
  change.action === 'set' || change.action === 'remove';
