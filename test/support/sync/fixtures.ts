// Shared set-up of the sync scenarios: the mapping, a seeded population of users and records, a
// journal that dies with the simulated process, and the check that the services match records.
import { expect } from 'vitest';
import { createSync, parseMapping, type Journal, type SyncMapping, type SyncRecord } from '../../../src/sync/index.js';
import { createMemoryJournal } from '../../../src/sync/model/journal.js';
import type { SyncWorld } from './world.js';

/** The mapping every scenario uses (as a CLI would read it from JSON). */
export const MAPPING_JSON = {
  email: 'Work Email',
  fields: {
    Department: { looker: 'department', dx: 'Department' },
    Region: { looker: 'region' },
    Level: { looker: 'level', whenEmpty: 'keep' },
    'Cost Centre': { dx: 'Cost Centre' },
  },
  // The scenarios start from a DX whose users carry no attribute yet.
  dx: { newAttributes: ['Department', 'Cost Centre'] },
};

export function mapping(json: unknown = MAPPING_JSON): SyncMapping {
  const parsed = parseMapping(json);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data;
}

/** A sync over the world's ports with generous but finite pacing. */
export function syncOf(world: SyncWorld, options: { mapping?: SyncMapping; maxRetries?: number } = {}) {
  return createSync({
    looker: world.looker,
    dx: world.dx,
    mapping: options.mapping ?? mapping(),
    runtime: world.runtime,
    rateLimit: { looker: { requests: 50, perMs: 1000, maxConcurrency: 4 }, dx: { requests: world.dxPerMinute, perMs: 60_000, maxConcurrency: 8 } },
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
  });
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids of the three Looker attributes of the mapping. */
export interface Attributes {
  department: string;
  region: string;
  level: string;
}

export function addAttributes(world: SyncWorld): Attributes {
  return {
    department: world.addAttribute({ name: 'department' }),
    region: world.addAttribute({ name: 'region', type: 'advanced_filter_string', defaultValue: '%, NULL' }),
    level: world.addAttribute({ name: 'level', type: 'number' }),
  };
}

const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', ''];
const REGIONS = ['EMEA', 'APAC', 'AMER', ''];

/**
 * `count` users present in both services with random current values, and records asking for
 * random values (some empty). Returns the records and each email's Looker user id.
 */
export function population(world: SyncWorld, attributes: Attributes, count: number, seed: number) {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const records: SyncRecord[] = [];
  const ids = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const email = `user${i}@acme.test`;
    const id = world.addLookerUser({ email });
    ids.set(email, id);
    const department = pick(DEPARTMENTS);
    const region = pick(REGIONS);
    if (department) world.setLookerValue(id, attributes.department, department);
    if (region) world.setLookerValue(id, attributes.region, region);
    world.addDxUser({ email, listed: random() < 0.8, attributes: department ? { Department: department } : {} });
    records.push({
      'Work Email': random() < 0.5 ? email : email.toUpperCase(),
      Department: pick(DEPARTMENTS),
      Region: pick(REGIONS),
      Level: random() < 0.5 ? String(Math.floor(random() * 10)) : '',
      'Cost Centre': pick(['CC-1', 'CC-2', '']),
    });
  }
  return { records, ids };
}

/** Asserts that both services hold exactly what the records say (under MAPPING_JSON). */
export function expectMatchesRecords(world: SyncWorld, attributes: Attributes, records: readonly SyncRecord[], ids: ReadonlyMap<string, string>) {
  for (const record of records) {
    const email = String(record['Work Email']).toLowerCase();
    const id = ids.get(email) as string;
    const text = (field: string) => (record[field] === '' || record[field] === undefined ? undefined : String(record[field]));
    expect(world.lookerOwnValue(id, attributes.department), `${email} department`).toBe(text('Department'));
    expect(world.lookerOwnValue(id, attributes.region), `${email} region`).toBe(text('Region'));
    if (text('Level') !== undefined) expect(world.lookerOwnValue(id, attributes.level), `${email} level`).toBe(text('Level'));
    const dx = world.dxValues(email);
    expect(dx.Department, `${email} DX Department`).toBe(text('Department'));
    expect(dx['Cost Centre'], `${email} DX Cost Centre`).toBe(text('Cost Centre'));
  }
}

/** A memory journal whose appends go through the world's killer, so they die with the process. */
export function mortalJournal(world: SyncWorld, lines: string[] = []): Journal & { lines: string[] } {
  const inner = createMemoryJournal(lines);
  const killer = world.killer;
  return {
    lines,
    read: () => inner.read(),
    append: (entries) => (killer ? Promise.resolve().then(() => killer.step(() => inner.append(entries))) : inner.append(entries)),
  };
}
