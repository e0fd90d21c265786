// Ctrl-C: the first aborts the signal, the second calls onSecond; dispose stops listening.
import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { handleInterrupts } from '../../src/cli/signals.js';

test('first and second SIGINT', () => {
  const source = new EventEmitter();
  const calls: string[] = [];
  const handler = handleInterrupts(source, { onFirst: () => calls.push('first'), onSecond: () => calls.push('second') });
  expect(handler.signal.aborted).toBe(false);
  expect(handler.interrupted()).toBe(false);
  source.emit('SIGINT');
  expect(handler.signal.aborted).toBe(true);
  expect(handler.interrupted()).toBe(true);
  expect(calls).toEqual(['first']);
  source.emit('SIGINT');
  source.emit('SIGINT');
  expect(calls).toEqual(['first', 'second', 'second']);
  handler.dispose();
  expect(source.listenerCount('SIGINT')).toBe(0);
});
