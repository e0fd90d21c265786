// Assemble, the last step of a plan and a pure one: from what was gathered of the services and
// what comparing the records found, the plan itself, with its counts, its forecast of apply's
// requests, the record digests it settled, and its seal. No I/O: tested on plain values.
import type { EffectiveSection } from '../model/effective.js';
import { dxNames, type SyncMapping } from '../model/mapping.js';
import { LOOKER_LOGINS, PLAN_VERSION, writes, type DxServicePlan, type LookerServicePlan, type PartialScope, type PlanSummary, type PlannedUser, type SyncPlan, type SyncWarning } from '../model/plan.js';
import type { SyncProblem } from '../model/records.js';
import { sealPlan } from '../model/seal.js';
import { identityCalls } from '../reads/looker-ids.js';
import type { Compared } from './compare-records.js';
import type { Gathered } from './gather.js';
import { layerSections, type PlannedLayers } from './layer-sections.js';
import { unpack } from './tally.js';
import { userEditableWarnings } from './user-changes.js';

/** Everything a plan is made of. */
export interface PlanParts {
  readonly id: string;
  readonly createdAt: string;
  readonly mapping: SyncMapping;
  readonly gathered: Gathered;
  readonly compared: Compared;
  /** Whether a snapshot left out the records it holds in place. */
  readonly incremental: boolean;
  /** The base URL of each service's client; undefined when none was given. */
  readonly baseUrls: { readonly looker: string | undefined; readonly dx: string | undefined };
  /** The scope of a partial plan (`targets`). */
  readonly partial?: PartialScope;
  /** Warnings of the plan's own checks (the identity providers'), listed after the attributes' own. */
  readonly warnings?: readonly SyncWarning[];
  /** The effective values of the attributes whose definitions or group values change. */
  readonly effective?: readonly EffectiveSection[];
  /** The definitions and group values layers, when the mapping declares them. */
  readonly layers?: PlannedLayers;
}

/** The counts over every record; `tallies` without the duplicates' counts. */
function summarize(compared: Compared, tallies: readonly number[], problems: number): PlanSummary {
  const summary = { set: 0, remove: 0, unchanged: 0, problems, records: compared.records, compared: 0, skippedUnchanged: compared.skippedUnchanged };
  for (const packed of tallies) {
    if (!packed) continue;
    // A record with any count was compared with a service.
    summary.compared++;
    const [set, remove, unchanged] = unpack(packed);
    summary.set += set;
    summary.remove += remove;
    summary.unchanged += unchanged;
  }
  return summary;
}

/** Requests apply will make if nothing fails: Looker's writes, the reads of their ids and a login; one per DX user. */
function forecastOf(users: readonly PlannedUser[]): SyncPlan['forecast'] {
  const lookerUsers = users.filter((user) => user.looker?.changes.some(writes)).length;
  const lookerWrites = users.reduce((sum, user) => sum + (user.looker?.changes.filter(writes).length ?? 0), 0);
  return {
    looker: lookerWrites + identityCalls(lookerUsers) + (lookerWrites > 0 ? LOOKER_LOGINS : 0),
    dx: users.filter((user) => user.dx?.changes.some(writes)).length,
  };
}

/** Why DX is listed whatever the input: its API reads no single user. */
const DX_LISTED = { method: 'listing', reason: 'DX has no read of one user (no lookup by email, no users.info): users.list is the only read' } as const;

/** A service the plan skips, and why. */
const skipped = (baseUrl: string | undefined, service: string) =>
  ({ status: 'skipped', reason: baseUrl === undefined ? `no ${service} client was given` : `the mapping names no ${service} attribute` }) as const;

/** What the plan says of each service: planned, with what was read, or skipped and why. */
function servicePlans(parts: PlanParts): SyncPlan['services'] {
  const { mapping, gathered, compared, baseUrls } = parts;
  const { looker, dx } = gathered;
  const lookerPlan: LookerServicePlan = looker && baseUrls.looker !== undefined
    ? { status: 'planned', baseUrl: baseUrls.looker, attributes: [...looker.attributes.values()], userPages: looker.directory.pages, usersRead: compared.usersRead, users: { ...looker.directory.found } }
    : { ...skipped(baseUrls.looker, 'Looker'), ...(parts.layers && baseUrls.looker !== undefined && { baseUrl: baseUrls.looker }) };
  const dxPlan: DxServicePlan = dx && baseUrls.dx !== undefined
    ? { status: 'planned', baseUrl: baseUrls.dx, attributes: dxNames(mapping), pages: dx.pages, listedUsers: dx.byEmail.size, users: DX_LISTED }
    : skipped(baseUrls.dx, 'DX');
  return { looker: lookerPlan, dx: dxPlan };
}

/** The plan, sealed. An email in two records plans neither record, the first one included. */
export function assemblePlan(parts: PlanParts): SyncPlan {
  const { compared } = parts;
  // Copies that keep the holes (records with none), unlike a spread.
  const tallies = compared.tallies.slice();
  const settled = compared.settled.slice();
  const problems: SyncProblem[] = [...compared.problems];
  for (const [email, first] of compared.duplicates) {
    tallies[first] = 0;
    delete settled[first];
    problems.push({ email, kind: 'duplicate_record', message: `${email} appears in more than one record: none of them is applied` });
  }
  const kept = compared.users.filter(({ user }) => !compared.duplicates.has(user.email)).sort((a, b) => a.index - b.index);
  const users = kept.map(({ user }) => user);
  const attributes = parts.gathered.looker ? [...parts.gathered.looker.attributes.values()] : [];
  const layers = layerSections(parts.layers, forecastOf(users), summarize(compared, tallies, problems.length));
  return sealPlan({
    version: PLAN_VERSION,
    id: parts.id,
    createdAt: parts.createdAt,
    incremental: parts.incremental,
    services: servicePlans(parts),
    ...layers.sections,
    ...(parts.effective?.length && { effective: parts.effective }),
    users,
    problems,
    warnings: [...userEditableWarnings(attributes), ...(parts.warnings ?? []), ...kept.flatMap((entry) => entry.warnings)],
    forecast: layers.forecast,
    summary: layers.summary,
    // Holes (records not settled) are skipped: the digests, in record order.
    settled: settled.filter(() => true),
    ...(parts.partial && { partial: parts.partial }),
  });
}
