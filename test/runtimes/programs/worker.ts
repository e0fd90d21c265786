// The Worker program, bundled by esbuild and served by workerd: a POST with the config as its body
// runs the checks and answers their summary, with status 500 when one failed.
import { runChecks, type CheckConfig } from './checks.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const summary = await runChecks((await request.json()) as CheckConfig);
    return Response.json(summary, { status: summary.checks.every((check) => check.ok) ? 200 : 500 });
  },
};
