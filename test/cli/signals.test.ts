// Ctrl-C: the first aborts `stop`, the second `signal`, later ones call onLater; dispose stops listening.
import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { handleInterrupts } from '../../src/cli/signals.js';

test('first, second and later SIGINTs', () => {
  const source = new EventEmitter();
  const calls: string[] = [];
  const handler = handleInterrupts(source, {
    onFirst: () => calls.push(`first stop=${handler.stop.aborted}`),
    onSecond: () => calls.push(`second signal=${handler.signal.aborted}`),
    onLater: () => calls.push('later'),
  });
  expect([handler.stop.aborted, handler.signal.aborted, handler.interrupted()]).toEqual([false, false, false]);
  source.emit('SIGINT');
  expect([handler.stop.aborted, handler.signal.aborted, handler.interrupted()]).toEqual([true, false, true]);
  source.emit('SIGINT');
  expect([handler.stop.aborted, handler.signal.aborted]).toEqual([true, true]);
  source.emit('SIGINT');
  source.emit('SIGINT');
  // Each hook ran before its signal was aborted.
  expect(calls).toEqual(['first stop=false', 'second signal=false', 'later', 'later']);
  handler.dispose();
  expect(source.listenerCount('SIGINT')).toBe(0);
});
