// The end-to-end sync scenarios against the in-memory Looker and DX.
import { syncScenarios } from './support/scenarios.js';
import { stopScenarios } from './support/stop-scenarios.js';
import { killScenarios } from './support/kill-scenarios.js';
import { createMemoryWorld } from './support/memory-world.js';

syncScenarios(() => createMemoryWorld());
killScenarios(() => createMemoryWorld());
stopScenarios(() => createMemoryWorld());
