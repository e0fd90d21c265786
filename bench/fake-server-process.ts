import { fork } from 'node:child_process';
import type { BenchTarget, Query, ServedCounts, ServerMessage, StoredValue } from './fake-server-protocol.js';

/** The fake Looker served by a child process. */
export interface FakeServerProcess {
  readonly target: BenchTarget;
  /** What the server has answered so far. */
  counts(): Promise<ServedCounts>;
  /** The benchmark user's stored value of the attribute. */
  storedValue(): Promise<StoredValue>;
  /** Stops the server process. */
  close(): Promise<void>;
}

/** Starts `fake-server-child.ts` (with the same loader flags as this process, so TypeScript runs). */
export async function startFakeServerProcess(): Promise<FakeServerProcess> {
  const child = fork(new URL('./fake-server-child.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (message: Extract<ServerMessage, { kind: 'answer' }>) => void>();
  let nextId = 0;

  const target = await new Promise<BenchTarget>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake server process exited early (code ${code})`)));
    child.on('message', (message: ServerMessage) => {
      if (message.kind === 'ready') return resolve(message.target);
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
  });
  if (new URL(target.baseUrl).hostname !== '127.0.0.1') throw new Error(`the fake server is not on loopback: ${target.baseUrl}`);

  const ask = (kind: Query['kind']) =>
    new Promise<Extract<ServerMessage, { kind: 'answer' }>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, kind } satisfies Query);
    });

  return {
    target,
    counts: async () => (await ask('counts')).counts!,
    storedValue: async () => (await ask('stored-value')).storedValue!,
    close() {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      return exited;
    },
  };
}
