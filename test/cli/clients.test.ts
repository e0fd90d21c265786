// The command line's Looker base URL: another API version's path is refused before any request,
// saying to pass the instance URL, as the client itself says; the instance URL and /api/4.0 work.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { CSV, MAPPING, runInProcess, startWorld, type World } from '../support/cli/in-process.js';

let world: World;
let files: { csv: string; mapping: string };
beforeEach(async () => {
  world = await startWorld();
  world.fake.looker.addUserAttribute({ name: 'department' });
  world.fake.looker.addUserAttribute({ name: 'region' });
  world.fake.looker.addUser({ email: 'jo@acme.test' });
  files = { csv: await world.file('hr.csv', CSV), mapping: await world.file('mapping.json', JSON.stringify(MAPPING)) };
  world.fake.calls.reset();
});
afterEach(() => world.close());

const plan = (baseUrl: string) =>
  runInProcess(['plan', '--input', files.csv, '--map', files.mapping, '--detailed-exitcode'], { env: { ...world.env, LOOKER_BASE_URL: baseUrl }, tty: true });
// What standard error holds once the plan's progress bar, redrawn in place and erased, is left out.
const withoutBar = (stderr: string) => stderr.replace(/\r[^\r\n]*?\u001b\[K/g, '');

test.each([['/api/3.1', '/api/3.1'], ['/api/3.1/', '/api/3.1'], ['/api/4', '/api/4'], ['/looker/api/3.0', '/api/3.0']])(
  'LOOKER_BASE_URL ending in %s: refused before any request, naming the variable and the instance URL to pass',
  async (path, found) => {
    const run = await plan(`${world.server.url}${path}`);
    expect(run).toMatchObject({
      code: 1,
      stderr: `error: LOOKER_BASE_URL holds the API path ${found}: pass the instance URL, e.g. https://acme.looker.com\n`,
    });
    expect(world.fake.calls.total()).toBe(0);
  },
);

test.each([[''], ['/'], ['/api/4.0'], ['/api/4.0/']])('LOOKER_BASE_URL ending in %j works as the instance URL', async (path) => {
  const run = await plan(`${world.server.url}${path}`);
  expect(withoutBar(run.stderr)).toBe('');
  expect(run.code).toBe(2);
});
