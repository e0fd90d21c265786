// The command line end to end against the fake, typed as a user would: a small CSV and mapping
// in a temp folder, `plan --detailed-exitcode` (exit 2: changes planned), `apply`, then `plan`
// again with nothing to change (exit 0; plain `plan` exits 0 with changes too, as Terraform's).
// The commands run in this process through runCli, from the sources: no build is needed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { startFakeServer } from '../../src/testing/index.js';
import type { Print } from './steps.js';

const CSV = 'Work Email,Department,Region\nana@example.com,Engineering,EMEA\nben@example.com,Support,\n';
// The desired state: HR fields to user values; region's definition and the Sales group's value of
// it. The new DX carries no attribute yet: Department is declared new on purpose (else refused as
// a possible typo).
const MAPPING = {
  email: 'Work Email',
  fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region' } },
  looker: {
    attributes: { region: { label: 'Sales region' } },
    groupValues: { region: [{ group: 'Sales', value: 'AMER' }] },
  },
  dx: { newAttributes: ['Department'] },
};

/** Standard output of one command as lines: a progress bar redrawn with \r shows its last frame. */
function lineSink(print: Print): { write(text: string): void; flush(): void; readonly isTTY: true } {
  let pending = '';
  const emit = (line: string) => print(`    ${(line.split('\r').at(-1) as string).replace(/\u001b\[K/g, '')}`);
  return {
    isTTY: true,
    write(text) {
      pending += text;
      const parts = pending.split('\n');
      pending = parts.pop() as string;
      for (const line of parts) emit(line);
    },
    flush() {
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}

/** Runs the three commands; true when they exit 2, 0 and 0. */
export async function runCliTour(print: Print): Promise<boolean> {
  const server = await startFakeServer();
  const dir = await mkdtemp(join(tmpdir(), 'uas-quickstart-'));
  try {
    const { looker, dx } = server.fake;
    looker.addUserAttribute({ name: 'department', userCanEdit: false });
    const region = looker.addUserAttribute({ name: 'region', label: 'Region', defaultValue: 'World', userCanEdit: false });
    const sales = looker.addGroup({ name: 'Sales' });
    looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'Americas', rank: 1 }]);
    const carl = looker.addUser({ email: 'carl@example.com', groupIds: [sales.id] });
    looker.addUser({ email: 'ana@example.com' });
    const ben = looker.addUser({ email: 'ben@example.com' });
    looker.setUserValue(ben.id, region.id, 'APAC');
    dx.addUser({ email: 'ana@example.com' });
    dx.addUser({ email: 'ben@example.com' });
    const credentials = looker.createApiCredentials();
    const env = {
      LOOKER_BASE_URL: server.url,
      LOOKER_CLIENT_ID: credentials.clientId,
      LOOKER_CLIENT_SECRET: credentials.clientSecret,
      DX_BASE_URL: server.url,
      DX_API_TOKEN: dx.createToken(),
      NO_COLOR: '1',
    };
    const files = { csv: join(dir, 'hr.csv'), map: join(dir, 'mapping.json'), plan: join(dir, 'plan.json') };
    await writeFile(files.csv, CSV);
    await writeFile(files.map, `${JSON.stringify(MAPPING, null, 2)}\n`);

    print('\nCommand line (user-attributes-sdk plan | apply), against a new fake Looker and DX');
    print(`  ${files.csv}:`);
    for (const line of CSV.trimEnd().split('\n')) print(`    ${line}`);
    print(`  ${files.map}: Department → Looker department and DX Department, Region → Looker region;`);
    print('    region\'s label "Sales region", and the Sales group\'s region "AMER" (carl is in Sales)');

    const command = async (...argv: string[]) => {
      print(`  $ user-attributes-sdk ${argv.join(' ')}`);
      const out = lineSink(print);
      const code = await runCli({
        argv,
        env,
        // Standard output a terminal (the readable text), standard input not: nothing is asked.
        stdin: Object.assign((async function* () {})(), { isTTY: false }),
        stdout: out,
        stderr: out,
        now: () => performance.now(),
        signals: process,
        exit: (exitCode) => process.exit(exitCode),
        ask: async () => '',
      });
      out.flush();
      print(`  (exit ${code})`);
      return code;
    };
    const codes = [
      await command('plan', '--input', files.csv, '--map', files.map, '--out', files.plan, '--detailed-exitcode'),
      await command('apply', files.plan, '--yes'),
      await command('plan', '--input', files.csv, '--map', files.map),
    ];
    const resolved = (id: string) => JSON.stringify(looker.resolve(id, region.id).value);
    print(`  Looker now: ben's region is ${resolved(ben.id)} (its default), carl's ${resolved(carl.id)} (Sales'); DX: ana has ${JSON.stringify(dx.user('ana@example.com').attributes)}`);
    return codes.join(' ') === '2 0 0';
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
