// A Cloudflare Worker that sets a user's Looker attribute, e.g. from a sign-up: the README's Worker
// example. npm test type-checks it; the runtime checks (npm run test:runtimes) run it in workerd.
import { createLookerClient } from 'user-attributes-sdk/looker';

interface Env {
  LOOKER_URL: string;
  LOOKER_CLIENT_ID: string;
  LOOKER_CLIENT_SECRET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { userId, userAttributeId, value } = (await request.json()) as { userId: string; userAttributeId: string; value: string };
    const looker = createLookerClient({
      baseUrl: env.LOOKER_URL,
      credentials: { clientId: env.LOOKER_CLIENT_ID, clientSecret: env.LOOKER_CLIENT_SECRET },
    });
    const result = await looker.setUserAttributeUserValue({ userId, userAttributeId, value });
    // Bad input (a missing id, a non-string value) is refused as invalid_input before any request.
    if (!result.ok) return Response.json({ error: result.error.kind }, { status: result.error.kind === 'invalid_input' ? 400 : 502 });
    return Response.json({ value: result.data.value });
  },
};
