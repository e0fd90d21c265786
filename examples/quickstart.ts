// npm start: a tour of user-attributes-sdk. With no environment it needs no account and no network;
// see examples/quickstart/config.ts for the variables that point it at real Looker and DX.
import { runQuickstart } from './quickstart/run.js';

process.exitCode = await runQuickstart(process.env, (line) => console.log(line));
