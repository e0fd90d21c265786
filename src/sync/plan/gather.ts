// Gather, the first step of a plan: what a plan run works with, the names resolved once (Looker
// attributes and users, the DX listing), and the services a plan skips or cannot serve.
import { failure, type PlainResult } from '../../core/result.js';
import type { Runtime } from '../../core/runtime.js';
import { type NoServiceError, type SyncError } from '../model/errors.js';
import { dxNames, lookerNames, type SyncMapping } from '../model/mapping.js';
import type { PlannedLookerAttribute } from '../model/plan.js';
import type { LookerAttributeType, SyncDx, SyncLooker } from '../model/ports.js';
import { loadDxUsers, type DxDirectory } from '../reads/dx-listing.js';
import type { EmailTable } from '../model/email-table.js';
import { unknownDxNames } from './dx-names.js';
import type { AttributeRef } from '../reads/looker-values.js';
import type { DefinitionChange, DefinitionProperties } from '../model/layers.js';
import { loadLookerAttributes } from './looker-attributes.js';
import { lookerUserFinder, type LookerUserFinder, type LookerUsersMode } from './looker-finder.js';
import type { Lane } from '../lanes/lane.js';

/** What a plan run works with. */
export interface PlanContext {
  readonly mapping: SyncMapping;
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  readonly runtime: Runtime;
  /** Users whose Looker values are read at once (beyond the lane's own bound). */
  readonly readAhead: number;
  /** The plan's emails, each held once for the directories and the records. */
  readonly emails: EmailTable;
}

/** The error of a plan its signal aborted. */
export const abortedError = (signal: AbortSignal | undefined): SyncError => ({ kind: 'aborted', message: `the plan was aborted: ${String(signal?.reason ?? 'aborted')}` });

/** What the names resolved to, per service planned. */
export interface Gathered {
  looker?: { directory: LookerUserFinder; attributes: Map<string, PlannedLookerAttribute>; refs: AttributeRef[] };
  dx?: DxDirectory;
}

/** How the plan finds Looker users: as told, or (`auto`) the cheaper way for this many records (undefined: more than `COUNT_AHEAD`). */
export interface FindingUsers {
  readonly mode: LookerUsersMode;
  readonly records: number | undefined;
}

/** The definitions the plan's layers create or retype: the user values layer takes their declared type. */
export interface DeclaredDefinitions {
  /** Attributes the plan creates, with what they are created with. */
  readonly created: ReadonlyMap<string, DefinitionProperties>;
  /** Existing attributes whose type the plan changes, with the new type. */
  readonly retyped: ReadonlyMap<string, LookerAttributeType | null>;
}

/** The definitions `definitions` create or retype. */
export function declaredDefinitions(definitions: readonly DefinitionChange[] | undefined): DeclaredDefinitions {
  const created = new Map<string, DefinitionProperties>();
  const retyped = new Map<string, LookerAttributeType | null>();
  for (const change of definitions ?? []) {
    if (change.action === 'create') created.set(change.attribute, change.after);
    const type = change.action === 'update' ? change.changes.find((c) => c.property === 'type') : undefined;
    if (type) retyped.set(change.attribute, type.after as LookerAttributeType | null);
  }
  return { created, retyped };
}

/** Each service's part of gathering, under way in its own lane. */
export interface GatheringLanes {
  readonly looker: Promise<PlainResult<Gathered['looker'], SyncError>>;
  readonly dx: Promise<PlainResult<Gathered['dx'], SyncError>>;
}

/** Gathers what the plan needs of both services at once (see `startGathering`), ending once both have. */
export async function gather(
  context: PlanContext,
  signal: AbortSignal | undefined,
  finding: FindingUsers = { mode: 'listing', records: undefined },
): Promise<PlainResult<Gathered, SyncError>> {
  const lanes = startGathering(context, signal, finding);
  const [lookerResult, dxResult] = await Promise.all([lanes.looker, lanes.dx]);
  for (const result of [lookerResult, dxResult]) if (!result.ok) return result;
  return { ok: true, data: { looker: lookerResult.ok ? lookerResult.data : undefined, dx: dxResult.ok ? dxResult.data : undefined } };
}

/**
 * Starts gathering what the plan needs of both services, each in its own lane, neither waiting
 * for the other: the mapping's names resolved, the DX listing read, and the way to find Looker
 * users chosen (the listing read, when it is the cheaper).
 */
export function startGathering(
  context: PlanContext,
  signal: AbortSignal | undefined,
  finding: FindingUsers,
  declared: DeclaredDefinitions = { created: new Map(), retyped: new Map() },
): GatheringLanes {
  const { mapping, looker, dx, lanes } = context;
  const lookerTargets = lookerNames(mapping);
  const dxTargets = dxNames(mapping);
  const lookerPart = async (): Promise<PlainResult<Gathered['looker'], SyncError>> => {
    if (!looker || !lookerTargets.length) return { ok: true, data: undefined };
    const created = createdAttributes(lookerTargets, declared.created);
    if (!created.ok) return created;
    const existing = lookerTargets.filter((name) => !declared.created.has(name));
    const found = existing.length ? await loadLookerAttributes(lanes.looker, looker, existing, signal) : { ok: true as const, data: new Map() };
    if (!found.ok) return found;
    const directory = await lookerUserFinder({ lane: lanes.looker, looker, signal, emails: context.emails, ...finding });
    if (!directory.ok) return directory;
    const attributes = new Map<string, PlannedLookerAttribute>(
      [...found.data].map(([name, a]) => {
        const type = declared.retyped.has(name) ? (declared.retyped.get(name) ?? null) : a.type;
        return [name, { name, id: String(a.id), type, userCanEdit: a.user_can_edit === true }];
      }),
    );
    // Attributes that hide their values were refused above.
    const refs: AttributeRef[] = [...found.data].map(([name, a]) => ({ id: String(a.id), name, hidden: false, defaultValue: a.default_value }));
    for (const [name, after] of created.data) {
      attributes.set(name, { name, id: '', created: true, type: after.type, userCanEdit: after.userCanEdit });
      refs.push({ id: '', name, hidden: false, defaultValue: after.defaultValue });
    }
    return { ok: true, data: { directory: directory.data, attributes, refs } };
  };
  const dxPart = async (): Promise<PlainResult<Gathered['dx'], SyncError>> => {
    if (!dx || !dxTargets.length) return { ok: true, data: undefined };
    const listed = await loadDxUsers(lanes.dx, dx, dxTargets, signal, undefined, context.emails);
    const unknown = listed.ok ? unknownDxNames(dxTargets, listed.data.names, mapping.dx?.newAttributes ?? []) : undefined;
    return unknown ? failure(unknown) : listed;
  };
  const settled = <T>(result: PlainResult<T, SyncError>) => (!result.ok && signal?.aborted ? failure(abortedError(signal)) : result);
  return { looker: lookerPart().then(settled), dx: dxPart().then(settled) };
}

/** The mapped attributes the plan creates; one created to hide its values is refused as any hidden attribute is. */
function createdAttributes(
  names: readonly string[],
  created: ReadonlyMap<string, DefinitionProperties>,
): PlainResult<Map<string, DefinitionProperties>, SyncError> {
  const mapped = new Map(names.flatMap((name) => {
    const after = created.get(name);
    return after ? [[name, after] as const] : [];
  }));
  const hidden = [...mapped].filter(([, after]) => after.valueIsHidden).map(([name]) => name);
  if (!hidden.length) return { ok: true, data: mapped };
  const message = `the Looker attribute ${hidden.join(', ')} is created to hide its values: they could not be read back, so the sync `
    + 'cannot map users to it. Leave it out of the mapping, or create it visible';
  return failure({ kind: 'hidden_attribute', message, service: 'looker', names: hidden });
}

/** The error when no service the mapping writes to has a client: such a plan would compare nothing. */
export function unservedError({ mapping, looker, dx }: PlanContext): NoServiceError | undefined {
  const lookerNamed = lookerNames(mapping).length > 0 || mapping.looker !== undefined;
  const named = [...(lookerNamed ? ['looker' as const] : []), ...(dxNames(mapping).length ? ['dx' as const] : [])];
  if (named.some((service) => (service === 'looker' ? looker : dx))) return undefined;
  const names = named.map((service) => (service === 'looker' ? 'Looker' : 'DX'));
  const message = `the mapping writes to ${names.join(' and ')}, but no ${names.join(' or ')} client was given: nothing would be compared`;
  return { kind: 'no_service', message, services: named };
}
