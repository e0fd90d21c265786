// `npm run test:runtimes`: the runtime checks (test/runtimes/), which need the build and run Bun,
// Deno and workerd from node_modules. No msw here: the programs reach the fake over loopback.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/runtimes/**/*.test.ts'],
  },
});
