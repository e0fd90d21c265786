// The scale run's services, in a process of their own: 100,000 Looker and DX users made on demand
// from their number, answered in the wire shapes of Looker's and DX's APIs. The kit's fake cannot
// hold that many (seeding a user there scans every user, so 100,000 would take hours), and the
// scale run measures the sync's memory and time, not the services'.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emailOf, MAPPING_JSON, previousRecord } from './fixture.js';

const USERS = Number(process.env.SCALE_USERS ?? 100_000);
const ATTRIBUTES = Object.values(MAPPING_JSON.fields).map(({ looker, dx }, i) => ({ id: String(i + 1), name: looker, dx }));
const FIELDS = Object.keys(MAPPING_JSON.fields);

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/** Last run's value of one field of user `i` (what both services hold). */
const valueOf = (i: number, field: string) => String(previousRecord(i)[field]);

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const query = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
  const path = url.pathname;
  if (request.method === 'POST' && path === '/api/4.0/login') {
    return json(response, 200, { access_token: 'scale-token', token_type: 'Bearer', expires_in: 3600 });
  }
  if (path === '/api/4.0/user_attributes') {
    return json(response, 200, ATTRIBUTES.map(({ id, name }) => ({
      id, name, label: name, type: name === 'level' ? 'number' : 'string', default_value: null, value_is_hidden: false, user_can_view: true, user_can_edit: false,
    })));
  }
  if (path === '/api/4.0/users/search') {
    // An exact email (no wildcard in these), as Looker's LIKE search finds it; later pages are empty.
    const i = /^user(\d+)@acme\.test$/.exec(url.searchParams.get('email') ?? '')?.[1];
    const found = i !== undefined && Number(i) < USERS && query('offset', 0) === 0;
    return json(response, 200, found ? [{ id: String(Number(i) + 1), email: emailOf(Number(i)), is_disabled: false }] : []);
  }
  if (path === '/api/4.0/users') {
    const offset = query('offset', 0);
    const end = Math.min(USERS, offset + query('limit', 500));
    const users = [];
    for (let i = offset; i < end; i++) users.push({ id: String(i + 1), email: emailOf(i), is_disabled: false });
    return json(response, 200, users);
  }
  const values = /^\/api\/4\.0\/users\/(\d+)\/attribute_values$/.exec(path);
  if (values) {
    const i = Number(values[1]) - 1;
    const wanted = url.searchParams.get('user_attribute_ids')?.split(',');
    return json(response, 200, ATTRIBUTES.filter(({ id }) => !wanted || wanted.includes(id)).map(({ id, name }) => ({
      user_id: String(i + 1), user_attribute_id: id, name, rank: null, value: valueOf(i, FIELDS[Number(id) - 1] as string), value_is_hidden: false, source: 'User Setting',
    })));
  }
  if (path === '/users.list') {
    const page = query('page', 1);
    const size = query('page_size', 100);
    const users = [];
    for (let i = (page - 1) * size; i < Math.min(USERS, page * size); i++) {
      const attributes = ATTRIBUTES.map(({ dx }, at) => ({ name: dx, value: valueOf(i, FIELDS[at] as string) }));
      users.push({ id: i + 1, email: emailOf(i), name: null, deleted_at: null, attributes });
    }
    const totalPages = Math.ceil(USERS / size);
    return json(response, 200, { ok: true, users, next_page: page < totalPages ? page + 1 : null, total: USERS, total_pages: totalPages });
  }
  json(response, 404, { message: 'Not found' });
}

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => answer(request, response));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
