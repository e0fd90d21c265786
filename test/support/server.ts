// The suite's one msw server (started by setup.ts): unhandled requests are errors.
import { setupServer } from 'msw/node';

export const server = setupServer();
