// What the sync scenarios need of a pair of services: the ports the sync calls, and a way to seed
// and inspect their state. The in-memory world implements it here; a world over the testing kit's
// HTTP fake (http-world.ts) implements the same interface and runs the same scenarios.
import type { Runtime } from '../../../src/core/runtime.js';
import type { SyncDx, SyncLooker, SyncService } from '../../../src/sync/model/ports.js';

/** A Looker attribute to create. */
export interface AttributeSeed {
  name: string;
  type?: string;
  defaultValue?: string | null;
  hidden?: boolean;
  userCanEdit?: boolean;
}

/** Faults a world can inject into the next calls of a service. */
export interface FaultScript {
  /** The next `count` calls answer 429, with `retryAfterMs` when given. */
  rateLimitNext(count: number, retryAfterMs?: number): void;
  /** The next `count` calls answer 503. */
  failNext(count: number, status?: number): void;
  /** Answer 429 once more than `requests` arrive in any `perMs` span (a sliding window). */
  limitRate(requests: number, perMs: number, retryAfter: boolean): void;
}

/** A fresh, empty pair of services for one test. */
export type MakeWorld = () => SyncWorld | Promise<SyncWorld>;

/** Kills the simulated process: every port call and journal append goes through `step`. */
export interface ProcessKiller {
  /** True once the armed step has been reached. */
  readonly dead: boolean;
  /** Dies at the `calls`-th step from now; `lands`: the step that dies still takes effect. */
  arm(calls: number, lands: boolean): void;
  disarm(): void;
  step<T>(effect: () => T): T;
}

/** Two services, seeded and inspected through this interface only. */
export interface SyncWorld {
  /** False when the services cannot hold two Looker users with one email (the kit's fake keeps emails unique). */
  readonly duplicateEmails: boolean;
  /** DX's requests per minute, as the services enforce it (DX documents 1000). */
  readonly dxPerMinute: number;
  /** Present when the world can simulate the process dying mid-run. */
  readonly killer?: ProcessKiller;
  readonly looker: SyncLooker;
  readonly dx: SyncDx;
  /** The clock the services and the sync share; sleep advances it. */
  readonly runtime: Runtime;
  /** Sleeps the sync made, in milliseconds. */
  readonly sleeps: number[];
  addGroup(name: string): string;
  addLookerUser(seed: { email: string; disabled?: boolean; groups?: string[] }): string;
  addAttribute(seed: AttributeSeed): string;
  setGroupValue(groupId: string, attributeId: string, value: string): void;
  /** A value set by someone else (a person in the Looker admin). */
  setLookerValue(userId: string, attributeId: string, value: string | null): void;
  lookerOwnValue(userId: string, attributeId: string): string | undefined;
  /** `listed: false` models a DX user without role, team or group: `users.list` leaves it out. */
  addDxUser(seed: { email: string; listed?: boolean; attributes?: Record<string, string> }): void;
  /** A value set by someone else; a world over HTTP sends it as a request of its own (not a sync write). */
  setDxValue(email: string, name: string, value: string | null): void | Promise<void>;
  dxValues(email: string): Record<string, string>;
  /** Requests per operation, answered or not. */
  calls(service: SyncService): Record<string, number>;
  /** Successful writes per `service/email-or-user/attribute`. */
  writes(): Map<string, number>;
  faults(service: SyncService): FaultScript;
}
