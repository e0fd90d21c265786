// The end-to-end sync scenarios against the in-memory Looker and DX.
import { railScenarios } from '../support/sync/rail-scenarios.js';
import { syncScenarios } from '../support/sync/scenarios.js';
import { stopScenarios } from '../support/sync/stop-scenarios.js';
import { killScenarios } from '../support/sync/kill-scenarios.js';
import { createMemoryWorld } from '../support/sync/memory-world.js';

syncScenarios(() => createMemoryWorld());
railScenarios(() => createMemoryWorld());
killScenarios(() => createMemoryWorld());
stopScenarios(() => createMemoryWorld());
