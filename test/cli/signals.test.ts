// Ctrl-C, SIGTERM and SIGHUP: the first aborts `stop`, the second (of any kind) `signal`, later
// ones call onLater; the first names the stop; dispose stops listening.
import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { handleInterrupts, signalName } from '../../src/cli/signals.js';

test('first, second and later SIGINTs', () => {
  const source = new EventEmitter();
  const calls: string[] = [];
  const handler = handleInterrupts(source, {
    onFirst: (signal) => calls.push(`first ${signal} stop=${handler.stop.aborted}`),
    onSecond: (signal) => calls.push(`second ${signal} signal=${handler.signal.aborted}`),
    onLater: (signal) => calls.push(`later ${signal}`),
  });
  expect([handler.stop.aborted, handler.signal.aborted, handler.interrupted()]).toEqual([false, false, undefined]);
  source.emit('SIGINT');
  expect([handler.stop.aborted, handler.signal.aborted, handler.interrupted()]).toEqual([true, false, 'SIGINT']);
  source.emit('SIGINT');
  expect([handler.stop.aborted, handler.signal.aborted]).toEqual([true, true]);
  source.emit('SIGINT');
  source.emit('SIGINT');
  // Each hook ran before its signal was aborted.
  expect(calls).toEqual(['first SIGINT stop=false', 'second SIGINT signal=false', 'later SIGINT', 'later SIGINT']);
  handler.dispose();
  expect(source.listenerCount('SIGINT')).toBe(0);
});

test('SIGTERM stops as the first Ctrl-C does, and a SIGHUP after it aborts as a second one; the first names the stop', () => {
  const source = new EventEmitter();
  const calls: string[] = [];
  const handler = handleInterrupts(source, {
    onFirst: (signal) => calls.push(`first ${signal}`),
    onSecond: (signal) => calls.push(`second ${signal}`),
    onLater: (signal) => calls.push(`later ${signal}`),
  });
  source.emit('SIGTERM');
  expect([handler.stop.aborted, handler.signal.aborted, handler.interrupted()]).toEqual([true, false, 'SIGTERM']);
  expect(String(handler.stop.reason)).toBe('Error: stopped by SIGTERM');
  source.emit('SIGHUP');
  expect([handler.signal.aborted, handler.interrupted()]).toEqual([true, 'SIGTERM']);
  expect(String(handler.signal.reason)).toBe('Error: aborted by SIGHUP');
  source.emit('SIGINT');
  expect(calls).toEqual(['first SIGTERM', 'second SIGHUP', 'later SIGINT']);
  handler.dispose();
  expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((name) => source.listenerCount(name))).toEqual([0, 0, 0]);
});

test('messages call SIGINT Ctrl-C and the others by name', () => {
  expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((name) => signalName(name as 'SIGINT'))).toEqual(['Ctrl-C', 'SIGTERM', 'SIGHUP']);
});
