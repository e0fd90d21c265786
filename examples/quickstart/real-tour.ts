// The quickstart against real Looker and DX. It writes only to the ids and names given in the
// environment and says which steps it skipped and why.
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, type LookerClient } from '../../src/looker/index.js';
import { REQUIRED_VARIABLES, type RealDx, type RealLooker, type RealServices } from './config.js';
import { logout, printRetry, setGroupValues, setUserValue, updateDxAttributes, updateGroupValue, type Print } from './steps.js';

const TIMEOUT_MS = 30_000;

/** Runs every step the settings allow. True when none failed. */
export async function runRealTour(services: RealServices, print: Print): Promise<boolean> {
  print('Using the real services; only the ids and names you gave are written to.');
  for (const problem of services.problems) print(`  ${problem}`);
  const lookerOk = services.looker
    ? await lookerTour(services.looker, print)
    : skipService(print, 'Looker', REQUIRED_VARIABLES.looker);
  const dxOk = services.dx ? await dxTour(services.dx, print) : skipService(print, 'DX', REQUIRED_VARIABLES.dx);
  print('\nRate limiting and fault injection: shown only against the fake services (run without these variables).');
  return services.problems.length === 0 && lookerOk && dxOk;
}

function skipService(print: Print, name: string, variables: readonly string[]): true {
  print(`\n${name}: skipped (set ${variables.join(', ')})`);
  return true;
}

function skip(print: Print, step: string, why: string): true {
  print(`  ${step}: skipped (${why})`);
  return true;
}

async function lookerTour(settings: RealLooker, print: Print): Promise<boolean> {
  print(`\nLooker at ${settings.baseUrl}`);
  let looker: LookerClient;
  try {
    looker = createLookerClient({
      baseUrl: settings.baseUrl,
      credentials: { clientId: settings.clientId, clientSecret: settings.clientSecret },
      timeoutMs: TIMEOUT_MS,
      retry: { onRetry: printRetry(print) },
    });
  } catch (error) {
    print(`  cannot create the client: ${(error as Error).message}`);
    return false;
  }

  const { userAttributeId, value, userId, groupId } = settings;
  const steps: boolean[] = [];
  if (userAttributeId === undefined || value === undefined) {
    steps.push(skip(print, 'attribute writes', 'set LOOKER_USER_ATTRIBUTE_ID and LOOKER_VALUE'));
  } else {
    const attribute = `attribute ${userAttributeId}`;
    steps.push(
      userId
        ? await setUserValue(looker, print, `user ${userId}'s own value of ${attribute}`, { userId, userAttributeId, value })
        : skip(print, 'set a user\'s value', 'set LOOKER_USER_ID'),
    );
    steps.push(
      groupId
        ? await updateGroupValue(looker, print, `group ${groupId}'s value of ${attribute}`, { groupId, userAttributeId, value })
        : skip(print, 'set a group\'s value', 'set LOOKER_GROUP_ID'),
    );
    steps.push(
      groupId && settings.replaceGroupValues
        ? await setGroupValues(looker, print, `all group values of ${attribute}`, {
            userAttributeId,
            groupValues: [{ groupId, value, rank: 1 }],
          })
        : skip(
            print,
            'set all group values',
            'it replaces every group value of the attribute; set LOOKER_GROUP_ID and LOOKER_REPLACE_GROUP_VALUES=yes',
          ),
    );
  }
  if (userId === undefined && groupId === undefined) {
    // Nothing was written, so log in explicitly to show the credentials work.
    const login = await looker.login();
    print(
      login.ok
        ? `  logged in: the token is valid for ${login.data.expiresInSeconds} s`
        : `  log in: FAILED, ${login.error.message}`,
    );
    steps.push(login.ok);
  }
  steps.push(await logout(looker, print));
  return steps.every(Boolean);
}

async function dxTour(settings: RealDx, print: Print): Promise<boolean> {
  print(`\nDX at ${settings.baseUrl ?? 'https://api.getdx.com'}`);
  const dx = createDxClient({
    token: settings.token,
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    timeoutMs: TIMEOUT_MS,
    retry: { onRetry: printRetry(print) },
  });
  const { email, attributeName, attributeValue, removeAttribute } = settings;
  if (email === undefined) return skip(print, 'attribute updates', 'set DX_USER_EMAIL');
  const steps: boolean[] = [];
  steps.push(
    attributeName !== undefined && attributeValue !== undefined
      ? await updateDxAttributes(dx, print, `set ${attributeName}`, email, { [attributeName]: attributeValue })
      : skip(print, 'set an attribute', 'set DX_ATTRIBUTE_NAME and DX_ATTRIBUTE_VALUE'),
  );
  steps.push(
    removeAttribute !== undefined
      ? await updateDxAttributes(dx, print, `remove ${removeAttribute} with null`, email, { [removeAttribute]: null })
      : skip(print, 'remove an attribute', 'set DX_REMOVE_ATTRIBUTE'),
  );
  return steps.every(Boolean);
}
