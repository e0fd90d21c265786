// The throw-away consumer projects the packaging test installs the packed tarball into. Each calls
// one operation against the fake server whose URL, credentials and ids come from the environment
// (the CommonJS one also sends through a raw client).

const lookerCall = `{
  baseUrl: process.env.FAKE_URL,
  credentials: { clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET },
}`;
const lookerInput = `{ userId: process.env.USER_ID, userAttributeId: process.env.ATTRIBUTE_ID, value: 'EMEA' }`;
const dxCall = `{ baseUrl: process.env.FAKE_URL, token: process.env.DX_TOKEN }`;
const dxInput = `{ email: 'jo@acme.test', attributes: { Region: 'EMEA' } }`;

/** Prints what the call resolved to, as one JSON line the test reads. */
const report = (value: string) => `console.log(JSON.stringify(result.ok ? { ok: true, value: ${value} } : result.error));`;
const reportLooker = report('result.data.value');
const reportDx = report('result.data.user.attributes[0]?.value');

/** A strict tsconfig that builds `index.ts` into `out/` with the given module system. */
const strictTsconfig = (module: string, moduleResolution: string) => ({
  compilerOptions: { module, moduleResolution, target: 'es2022', strict: true, outDir: 'out', skipLibCheck: false, types: [] },
  include: ['index.ts'],
});

export interface Consumer {
  /** Folder name, and what the project is. */
  readonly name: string;
  readonly packageJson: object;
  readonly files: Record<string, string>;
  /** The file `node` runs after any build step. */
  readonly main: string;
  /** tsconfig for TypeScript consumers; they are type-checked (and built) with tsc. */
  readonly tsconfig?: object;
}

export const consumers: Consumer[] = [
  {
    name: 'esm',
    packageJson: { type: 'module' },
    files: {
      'index.js': `import { createLookerClient } from 'user-attributes-sdk/looker';
const result = await createLookerClient(${lookerCall}).setUserAttributeUserValue(${lookerInput});
${reportLooker}`,
    },
    main: 'index.js',
  },
  {
    name: 'cjs',
    packageJson: { type: 'commonjs' },
    files: {
      // Also through the raw client.
      'index.js': `const { createDxClient } = require('user-attributes-sdk/dx');
const dx = createDxClient(${dxCall});
const apac = { email: 'jo@acme.test', attributes: [{ name: 'Region', value: 'APAC' }] };
dx.raw.POST('/users.attributes.update', { body: apac })
  .then(({ data }) => {
    if (!data || !data.ok) throw new Error('the raw client failed');
    return dx.updateUserAttributes(${dxInput});
  })
  .then((result) => {
    ${reportDx}
  });`,
    },
    main: 'index.js',
  },
  {
    name: 'ts-node16',
    packageJson: { type: 'module' },
    tsconfig: strictTsconfig('node16', 'node16'),
    files: {
      'index.ts': `import { createLookerClient, type SetUserAttributeUserValueError } from 'user-attributes-sdk/looker';
declare const process: { env: Record<string, string> };
const result = await createLookerClient(${lookerCall}).setUserAttributeUserValue(${lookerInput});
const kind: SetUserAttributeUserValueError['kind'] | undefined = result.ok ? undefined : result.error.kind;
void kind;
${reportLooker}`,
    },
    main: 'out/index.js',
  },
  {
    name: 'ts-bundler',
    packageJson: { type: 'module' },
    tsconfig: strictTsconfig('esnext', 'bundler'),
    files: {
      'index.ts': `import { createDxClient, type DxUpdateUserAttributesError } from 'user-attributes-sdk/dx';
declare const process: { env: Record<string, string> };
const result = await createDxClient(${dxCall}).updateUserAttributes(${dxInput});
const kind: DxUpdateUserAttributesError['kind'] | undefined = result.ok ? undefined : result.error.kind;
void kind;
${reportDx}`,
    },
    main: 'out/index.js',
  },
];
