// Sets one user's attribute value in Looker. Run: npx tsx examples/looker.ts
//
// With LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET, LOOKER_USER_ID and
// LOOKER_USER_ATTRIBUTE_ID set it writes LOOKER_VALUE (default "EMEA") to that real user; otherwise it
// runs against the built-in fake Looker.
import { createLookerClient } from '../src/looker/index.js';
import { startFakeServer } from '../src/testing/index.js';

const env = process.env;
const fake = env.LOOKER_BASE_URL ? undefined : await startFakeServer();
let target: { baseUrl: string; clientId: string; clientSecret: string; userId: string; userAttributeId: string };
if (fake) {
  const credentials = fake.fake.looker.createApiCredentials();
  const userId = fake.fake.looker.addUser({ email: 'ana@example.com' }).id;
  const userAttributeId = fake.fake.looker.addUserAttribute({ name: 'region' }).id;
  target = { baseUrl: fake.url, ...credentials, userId, userAttributeId };
} else {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined) {
      console.error(`${name} is not set`);
      process.exit(2);
    }
    return value;
  };
  target = {
    baseUrl: need('LOOKER_BASE_URL'),
    clientId: need('LOOKER_CLIENT_ID'),
    clientSecret: need('LOOKER_CLIENT_SECRET'),
    userId: need('LOOKER_USER_ID'),
    userAttributeId: need('LOOKER_USER_ATTRIBUTE_ID'),
  };
}

const looker = createLookerClient({
  baseUrl: target.baseUrl,
  credentials: { clientId: target.clientId, clientSecret: target.clientSecret },
  retry: {
    onRetry: ({ attempt, delayMs, reason }) => console.log(`attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
  },
});

const result = await looker.setUserAttributeUserValue({
  userId: target.userId,
  userAttributeId: target.userAttributeId,
  value: env.LOOKER_VALUE ?? 'EMEA',
});
if (result.ok) {
  console.log(
    `user ${target.userId} now resolves ${result.data.name} to ${JSON.stringify(result.data.value)} (source: ${result.data.source})`,
  );
} else {
  switch (result.error.kind) {
    case 'not_found':
      console.error('no such user or attribute: check the ids');
      break;
    case 'forbidden':
    case 'unauthorized':
      console.error(`not allowed: ${result.error.message}`);
      break;
    case 'validation':
      console.error('Looker refused the value:', result.error.fieldErrors.map((f) => f.message).join('; '));
      break;
    default:
      console.error(result.error.message);
  }
  process.exitCode = 1;
}
await looker.logout();
await fake?.close();
