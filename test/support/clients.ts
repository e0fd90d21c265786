// Every kind of SDK call (Looker with a token or an API key, DX, and both raw clients) built over a
// custom fetch, each returning its error the same way, so one hostile case runs against them all.
import type { FetchLike, RetryOptions } from '../../src/core/options.js';
import type { Runtime } from '../../src/core/runtime.js';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, UserAttributesError } from '../../src/looker/index.js';
import { SECRETS } from './hostile.js';
import { testRuntime } from './runtime.js';

/** A base URL no request may reach: every test here answers through its own fetch. */
export const NOWHERE = 'https://nowhere.example.com';

/** Options every client in the table gets. */
export interface TableOptions {
  fetch: FetchLike;
  timeoutMs?: number;
  retry?: RetryOptions | false;
  runtime?: Partial<Runtime>;
}

/** How a call ended: the result's error, or for a raw client what it rejected with (and its error). */
export interface Ended {
  readonly ok: boolean;
  readonly error?: { kind: string; message: string; operation: string; attempts: number; [field: string]: unknown };
  /** What a raw call rejected with. */
  readonly thrown?: unknown;
}

/** One kind of call: its name, and how to make it with an optional caller signal. */
export type CallKind = [name: string, make: (options: TableOptions) => (signal?: AbortSignal) => Promise<Ended>];

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

const raw = async (send: () => Promise<unknown>): Promise<Ended> => {
  try {
    await send();
    return { ok: true };
  } catch (thrown) {
    return { ok: false, thrown, error: thrown instanceof UserAttributesError ? (thrown.error as Ended['error']) : undefined };
  }
};

/** Common options with an injected clock, so retry waits never really sleep. */
const base = ({ fetch, timeoutMs = 30, retry = false, runtime }: TableOptions) => ({
  fetch,
  timeoutMs,
  retry,
  runtime: runtime ?? testRuntime().runtime,
});

/** The call kinds. A call given no signal runs until its `timeoutMs` (30 ms unless set). */
export const CALL_KINDS: CallKind[] = [
  [
    'Looker with a token',
    (options) => {
      const looker = createLookerClient({ ...base(options), baseUrl: NOWHERE, credentials: { accessToken: SECRETS.token } });
      return (signal) => looker.setUserAttributeUserValue(setValue, { signal }) as Promise<Ended>;
    },
  ],
  [
    'Looker logging in',
    (options) => {
      const credentials = { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret };
      const looker = createLookerClient({ ...base(options), baseUrl: NOWHERE, credentials });
      return (signal) => looker.allUsers({}, { signal }) as Promise<Ended>;
    },
  ],
  [
    'DX',
    (options) => {
      const dx = createDxClient({ ...base(options), baseUrl: NOWHERE, token: SECRETS.dxToken });
      return (signal) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } }, { signal }) as Promise<Ended>;
    },
  ],
  [
    'looker.raw',
    (options) => {
      const looker = createLookerClient({ ...base(options), baseUrl: NOWHERE, credentials: { accessToken: SECRETS.token } });
      return (signal) => raw(() => looker.raw.GET('/users', signal ? { signal } : {}));
    },
  ],
  [
    'dx.raw',
    (options) => {
      const dx = createDxClient({ ...base(options), baseUrl: NOWHERE, token: SECRETS.dxToken });
      return (signal) => raw(() => dx.raw.GET('/users.list', signal ? { signal } : {}));
    },
  ],
];
