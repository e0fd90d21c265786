// Runs before every test file: msw listens, refusing unhandled requests, and is reset after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './server.js';

// Listen before any client exists: a client captures globalThis.fetch when it is created.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
