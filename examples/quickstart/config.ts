// Which real services the quickstart may use, read from the environment. Nothing here is ever printed
// except variable names.

/** Looker settings; the ids say which objects the tour may write to. */
export interface RealLooker {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly userAttributeId: string | undefined;
  readonly value: string | undefined;
  readonly userId: string | undefined;
  readonly groupId: string | undefined;
  /** Set-all replaces every group value of the attribute, so it runs only when asked for. */
  readonly replaceGroupValues: boolean;
}

/** DX settings; the email and names say what the tour may write. */
export interface RealDx {
  readonly token: string;
  readonly baseUrl: string | undefined;
  readonly email: string | undefined;
  readonly attributeName: string | undefined;
  readonly attributeValue: string | undefined;
  readonly removeAttribute: string | undefined;
}

/** The real services to use, and what is missing for those half configured. */
export interface RealServices {
  readonly looker: RealLooker | undefined;
  readonly dx: RealDx | undefined;
  readonly problems: readonly string[];
}

const LOOKER_KEYS = ['LOOKER_BASE_URL', 'LOOKER_CLIENT_ID', 'LOOKER_CLIENT_SECRET'] as const;

/** The variables that switch each real service on. */
export const REQUIRED_VARIABLES = { looker: LOOKER_KEYS, dx: ['DX_API_TOKEN'] } as const;

/** Undefined when no credential variable is set: the quickstart then uses the fake services. */
export function readRealServices(env: Readonly<Record<string, string | undefined>>): RealServices | undefined {
  const read = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const lookerGiven = LOOKER_KEYS.filter((key) => read(key) !== undefined);
  const dxToken = read('DX_API_TOKEN');
  if (lookerGiven.length === 0 && dxToken === undefined) return undefined;

  const problems: string[] = [];
  if (lookerGiven.length > 0 && lookerGiven.length < LOOKER_KEYS.length) {
    problems.push(
      `Looker needs ${LOOKER_KEYS.join(', ')}; missing ${LOOKER_KEYS.filter((k) => !lookerGiven.includes(k)).join(', ')}`,
    );
  }
  const looker =
    lookerGiven.length === LOOKER_KEYS.length
      ? {
          baseUrl: read('LOOKER_BASE_URL') as string,
          clientId: read('LOOKER_CLIENT_ID') as string,
          clientSecret: read('LOOKER_CLIENT_SECRET') as string,
          userAttributeId: read('LOOKER_USER_ATTRIBUTE_ID'),
          value: env.LOOKER_VALUE,
          userId: read('LOOKER_USER_ID'),
          groupId: read('LOOKER_GROUP_ID'),
          replaceGroupValues: read('LOOKER_REPLACE_GROUP_VALUES') === 'yes',
        }
      : undefined;
  const dx =
    dxToken === undefined
      ? undefined
      : {
          token: dxToken,
          baseUrl: read('DX_BASE_URL'),
          email: read('DX_USER_EMAIL'),
          attributeName: read('DX_ATTRIBUTE_NAME'),
          attributeValue: env.DX_ATTRIBUTE_VALUE,
          removeAttribute: read('DX_REMOVE_ATTRIBUTE'),
        };
  return { looker, dx, problems };
}
