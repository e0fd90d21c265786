// Entry of the child process that serves the fake Looker over loopback HTTP. The server runs in
// its own process so that its work does not compete with the contenders for the benchmark's event
// loop (on a 2-core machine: one core for the clients, one for the server).
import { createFakeServices, startFakeServer } from 'user-attributes-sdk/testing';
import type { Query, ServedCounts, ServerMessage } from './fake-server-protocol.js';

const fake = createFakeServices();
const user = fake.looker.addUser({ email: 'bench@example.com' });
const attribute = fake.looker.addUserAttribute({ name: 'region', type: 'string' });
const { clientId, clientSecret } = fake.looker.createApiCredentials();
const server = await startFakeServer({ fake, host: '127.0.0.1' });

const send = (message: ServerMessage) => process.send!(message);

function countServed(): ServedCounts {
  let logins = 0;
  let setUserValueOk = 0;
  let setUserValueFailed = 0;
  let other = 0;
  for (const request of fake.requests) {
    if (request.operation === 'login' && request.status === 200) logins++;
    else if (request.operation !== 'set_user_attribute_user_value') other++;
    else if (request.status === 200) setUserValueOk++;
    else setUserValueFailed++;
  }
  return { logins, setUserValueOk, setUserValueFailed, other };
}

process.on('message', (query: Query) => {
  if (query.kind === 'counts') send({ kind: 'answer', id: query.id, counts: countServed() });
  else {
    const { value, source } = fake.looker.resolve(user.id, attribute.id);
    send({ kind: 'answer', id: query.id, storedValue: { value, source } });
  }
});
// The benchmark closes the IPC channel when it is done (or dies): stop serving then.
process.on('disconnect', () => void server.close());

send({ kind: 'ready', target: { baseUrl: server.url, userId: user.id, userAttributeId: attribute.id, clientId, clientSecret } });
