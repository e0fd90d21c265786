import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './server.js';

// Listen before any client exists: openapi-fetch captures globalThis.fetch when a client is created.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
