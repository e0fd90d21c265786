// The plan's effective values for a terminal: per attribute, how many users' resolved values
// change, a sample of them before → after, and whether access widens (every user is in --json).
import type { EffectiveSection, ResolvedValue, SyncPlan } from './sync.js';
import { plain, quoted, type Paint } from './terminal-text.js';

/** Users shown per attribute; the rest are counted. */
export const EFFECTIVE_SAMPLE = 5;

/** Group names by id, as the plan's group values name them. */
type GroupNames = ReadonlyMap<string, string>;

const where = (resolved: ResolvedValue, groups: GroupNames) =>
  resolved.source === 'group' ? `group ${plain(groups.get(resolved.groupId ?? '') ?? resolved.groupId ?? '')}` : resolved.source === 'user' ? 'own value' : 'default';
const shownIn = (groups: GroupNames) => (resolved: ResolvedValue, hidden: boolean) =>
  `${hidden ? 'hidden' : resolved.value === null ? 'no value' : quoted(resolved.value)} (${where(resolved, groups)})`;

function sectionLines(section: EffectiveSection, paint: Paint, groups: GroupNames): string[] {
  const shown = shownIn(groups);
  const users = `${section.count} user${section.count === 1 ? '' : 's'}${section.upperBound ? ' at most (some own values were not read)' : ''}`;
  const widens = section.widens ? ` ${paint('red', '— widens access')}` : '';
  const lines = [`  ${paint('bold', plain(section.attribute))}: ${users} resolve${section.count === 1 ? 's' : ''} to another value${widens}`];
  for (const change of section.changes.slice(0, EFFECTIVE_SAMPLE)) {
    const who = change.email === undefined ? `user ${plain(change.userId)}` : plain(change.email);
    const mark = change.widens ? paint('red', '!') : paint('yellow', '~');
    lines.push(`    ${mark} ${who}: ${shown(change.before, section.valuesHidden)} → ${shown(change.after, section.valuesHidden)}`);
  }
  const more = section.changes.length - EFFECTIVE_SAMPLE;
  if (more > 0) lines.push(`    … and ${more} more (every one with --json)`);
  return lines;
}

/** The "Effective values" block, or no line when the plan changes no definition or group value. */
export function effectiveLines(plan: SyncPlan, paint: Paint): string[] {
  const sections = plan.effective ?? [];
  if (!sections.length) return [];
  const groups = new Map((plan.groupValues ?? []).flatMap((change) => [...change.before, ...change.after]).map((item) => [item.groupId, item.group]));
  return [paint('bold', 'Effective values (definitions and group values changed):'), ...sections.flatMap((section) => sectionLines(section, paint, groups)), ''];
}
