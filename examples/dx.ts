// Sets and removes attributes of one DX user. Run: npx tsx examples/dx.ts
//
// With DX_API_TOKEN and DX_USER_EMAIL set (and DX_BASE_URL for a dedicated instance) it updates that
// real user: sets Department to DX_DEPARTMENT (default "Engineering"); otherwise it runs against the
// built-in fake DX.
import { createDxClient } from '../src/dx/index.js';
import { startFakeServer } from '../src/testing/index.js';

const env = process.env;
const fake = env.DX_API_TOKEN ? undefined : await startFakeServer();
const email = fake ? fake.fake.dx.addUser({ email: 'ana@example.com' }).email : env.DX_USER_EMAIL;
if (!email) {
  console.error('DX_USER_EMAIL is not set');
  process.exit(2);
}

const dx = createDxClient({
  token: fake ? fake.fake.dx.createToken() : (env.DX_API_TOKEN as string),
  baseUrl: fake?.url ?? env.DX_BASE_URL,
});

const result = await dx.updateUserAttributes({
  email,
  // A record or a list of { name, value }; null removes an attribute.
  attributes: { Department: env.DX_DEPARTMENT ?? 'Engineering', ...(fake && { Legacy: null }) },
});
if (result.ok) {
  const attributes = result.data.user.attributes.map((a) => `${a.name}=${a.value}`).join(', ');
  console.log(`${result.data.user.email} now has ${attributes || 'no attributes'}`);
} else if (result.error.kind === 'partial_failure') {
  console.error('DX applied only part of the update:', result.error.failures);
  process.exitCode = 1;
} else {
  console.error(
    result.error.kind === 'api_error' || result.error.kind === 'unauthorized'
      ? `DX said ${result.error.code}`
      : result.error.message,
  );
  process.exitCode = 1;
}
await fake?.close();
