// Shared fixtures of the hostile tests: Node's own fetch, long secrets, JSON replies, and the checks
// for leaked timers and sockets, process warnings and secrets in any rendering.
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';

/**
 * Node's own fetch, taken when this module loads: before test/support/setup.ts makes msw patch the
 * global one (in a beforeAll). The hostile tests pass it as the clients' `fetch`, so nothing sits
 * between the SDK and the socket. (msw's passthrough clones every response, which keeps the socket
 * of a cancelled body busy: it would hide leaks, or invent them.)
 */
export const nodeFetch: typeof fetch = globalThis.fetch;

/** Long, random-looking secrets: redaction leaves secrets under 8 characters alone. */
export const SECRETS = {
  clientId: 'looker-client-id-4411',
  clientSecret: 'cs_Zq8vW3xY7pL2mN9cKd4',
  token: 'tok_B7kQ2rT9wX4zM1nV8s',
  dxToken: 'dxp_H3jK9mP2qR7tW5yZ1b',
} as const;

/** Replies with JSON. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A Looker user attribute value reply. */
export const userValue = (value: string | null = 'EMEA') => ({
  name: 'region',
  value,
  user_id: '42',
  user_attribute_id: '7',
  source: 'user',
});

/** Waits (in real time, polling) until `condition` holds, at most `ms`. */
export async function eventually(condition: () => boolean, ms = 1000): Promise<void> {
  const until = performance.now() + ms;
  while (!condition() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

/** How many of each kind of active resource (Timeout, TCPSocketWrap …) the process holds. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Waits until the process holds no more timers and sockets than `before` (closing sockets take a few ticks). */
export async function expectNoLeaks(before: Record<string, number>): Promise<void> {
  const leaked = () => {
    const now = activeResources();
    return ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'].filter((kind) => (now[kind] ?? 0) > (before[kind] ?? 0));
  };
  await eventually(() => leaked().length === 0).catch(() => {
    throw new Error(
      `leaked: ${leaked().join(', ')} (before ${JSON.stringify(before)}, after ${JSON.stringify(activeResources())})`,
    );
  });
}

/** Records process warnings and unhandled rejections while it is installed. */
export function watchProcess() {
  const warnings: string[] = [];
  const rejections: unknown[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('warning', onWarning);
  process.on('unhandledRejection', onRejection);
  return {
    warnings,
    rejections,
    stop() {
      process.off('warning', onWarning);
      process.off('unhandledRejection', onRejection);
    },
  };
}

/** Every way a value may end up in a log: none may contain a secret. */
export function renderings(value: unknown): string[] {
  const texts = [
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    String(value),
  ];
  if (value instanceof Error) texts.push(value.message, value.stack ?? '');
  return texts;
}

export function expectNoSecret(value: unknown, secrets: readonly string[] = Object.values(SECRETS).slice(1)): void {
  for (const text of renderings(value)) for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Real milliseconds `body` takes. */
export async function timed<T>(body: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await body();
  return { value, ms: performance.now() - started };
}

/** Runs a full garbage collection (exposing `gc` in this process if it is not already). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
