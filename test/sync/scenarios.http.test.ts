// The end-to-end sync scenarios over real HTTP: the SDK's own clients against the testing kit's
// fake on loopback. Populations are smaller than in memory (every call is a real request), and
// DX's window is 100 a minute so that the pacing scenario crosses it with 120 writes.
import { afterEach } from 'vitest';
import { createHttpWorld } from '../support/sync/http-world.js';
import { killScenarios } from '../support/sync/kill-scenarios.js';
import { railScenarios } from '../support/sync/rail-scenarios.js';
import { syncScenarios } from '../support/sync/scenarios.js';
import { stopScenarios } from '../support/sync/stop-scenarios.js';

const open: { close(): Promise<void> }[] = [];
const makeWorld = async () => {
  const world = await createHttpWorld({ dx: { requestsPerMinute: 100 } });
  open.push(world);
  return world;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((world) => world.close()));
});

syncScenarios(makeWorld);
railScenarios(makeWorld);
killScenarios(makeWorld, { users: 12 });
stopScenarios(makeWorld, { users: 12 });
