// The SDK calls the quickstart makes, each printing one line. Shared by the fake and the real tour.
import type { DxAttributes, DxClient } from '../../src/dx/index.js';
import type { GroupValueInput, LookerClient, RetryEvent } from '../../src/looker/index.js';
import { explainDxError, explainLookerError } from './explain.js';

/** Where the quickstart writes its lines. */
export type Print = (line: string) => void;

/** A value as the reply shows it: hidden attributes come back as null. */
function shown(value: string | null | undefined): string {
  return value === null || value === undefined ? '(hidden)' : JSON.stringify(value);
}

/** The `retry.onRetry` hook: one line per retry. */
export function printRetry(print: Print): (event: RetryEvent) => void {
  return ({ operation, attempt, delayMs, reason, status }) =>
    print(
      `    retry: ${operation} attempt ${attempt} failed (${reason}${status ? `, HTTP ${status}` : ''}); trying again in ${delayMs} ms`,
    );
}

/** Sets a user's own value. */
export async function setUserValue(
  looker: LookerClient,
  print: Print,
  label: string,
  input: { userId: string; userAttributeId: string; value: string },
): Promise<boolean> {
  const result = await looker.setUserAttributeUserValue(input);
  if (!result.ok) return failed(print, label, explainLookerError(result.error));
  print(`  ${label}: ${shown(result.data.value)} (source: ${result.data.source})`);
  return true;
}

/** Sets one group's value. */
export async function updateGroupValue(
  looker: LookerClient,
  print: Print,
  label: string,
  input: { groupId: string; userAttributeId: string; value: string },
): Promise<boolean> {
  const result = await looker.updateUserAttributeGroupValue(input);
  if (!result.ok) return failed(print, label, explainLookerError(result.error));
  print(`  ${label}: ${shown(result.data.value)} (rank ${result.data.rank})`);
  return true;
}

/** Replaces all group values of an attribute. */
export async function setGroupValues(
  looker: LookerClient,
  print: Print,
  label: string,
  input: { userAttributeId: string; groupValues: GroupValueInput[] },
  groupName: (groupId: string) => string = (id) => `group ${id}`,
): Promise<boolean> {
  const result = await looker.setUserAttributeGroupValues(input);
  if (!result.ok) return failed(print, label, explainLookerError(result.error));
  const list = result.data.map((gv) => `${groupName(gv.group_id ?? '?')} ${shown(gv.value)} rank ${gv.rank}`).join(', ');
  print(`  ${label}: ${list}`);
  return true;
}

/** Revokes the client's token. */
export async function logout(looker: LookerClient, print: Print): Promise<boolean> {
  const result = await looker.logout();
  if (!result.ok) return failed(print, 'log out', explainLookerError(result.error));
  print(`  logged out: ${result.data.revoked ? 'token revoked' : 'there was no token to revoke'}`);
  return true;
}

/** Sets or removes (with null) DX attributes of one user. */
export async function updateDxAttributes(
  dx: DxClient,
  print: Print,
  label: string,
  email: string,
  attributes: DxAttributes,
): Promise<boolean> {
  const result = await dx.updateUserAttributes({ email, attributes });
  if (!result.ok) return failed(print, label, explainDxError(result.error));
  const now = result.data.user.attributes.map((a) => `${a.name}=${a.value ?? ''}`).join(', ');
  print(`  ${label}: ${email} now has ${now || 'no attributes'}`);
  return true;
}

function failed(print: Print, label: string, explanation: string): false {
  print(`  ${label}: FAILED, ${explanation}`);
  return false;
}
