// The definitions and group values layers in the plan: their sections, their writes added to the
// Looker forecast (with a login when they are the only writes) and their counts to the summary.
import type { DefinitionChange, GroupValuesChange } from '../model/layers.js';
import { layerWrites } from '../model/layers.js';
import { LOOKER_LOGINS, type PlanSummary, type SyncPlan } from '../model/plan.js';

/** The two layers as planned. */
export interface PlannedLayers {
  readonly definitions: readonly DefinitionChange[];
  readonly groupValues: readonly GroupValuesChange[];
}

/** The sections to add to the plan, and the forecast and summary with the layers counted. */
export function layerSections(layers: PlannedLayers | undefined, forecast: SyncPlan['forecast'], summary: PlanSummary) {
  if (!layers) return { sections: {}, forecast, summary };
  const { definitions, groupValues } = layers;
  const writes = layerWrites(definitions, groupValues);
  // The user values' forecast has a login only when they write.
  const login = writes > 0 && forecast.looker === 0 ? LOOKER_LOGINS : 0;
  return {
    sections: { definitions, groupValues },
    forecast: { ...forecast, looker: forecast.looker + writes + login },
    summary: {
      ...summary,
      definitionChanges: definitions.filter((change) => change.action !== 'unchanged').length,
      groupValueCalls: groupValues.reduce((sum, change) => sum + change.calls.length, 0),
    },
  };
}
