// Output closed under a command: later writes are dropped, the closing is told once, nothing throws.
import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { guardOutput } from '../../src/cli/closed-output.js';

/** A stream that takes writes until `fail` is called, then fails each one as a pipe does: with an error event. */
function pipe(isTTY?: boolean) {
  const emitter = new EventEmitter();
  const written: string[] = [];
  let broken: Error | undefined;
  return Object.assign(emitter, {
    isTTY,
    written,
    write(text: string) {
      if (broken) queueMicrotask(() => emitter.emit('error', broken));
      else written.push(text);
      return true;
    },
    fail: (code: string) => (broken = Object.assign(new Error(`write ${code}`), { code })),
  });
}

test('after EPIPE every write is dropped and the closing is told once', async () => {
  const stream = pipe(false);
  const told: string[] = [];
  const out = guardOutput(stream, (code) => told.push(code));
  expect(out.isTTY).toBe(false);
  out.write('one\n');
  stream.fail('EPIPE');
  out.write('two\n');
  await Promise.resolve();
  out.write('three\n');
  out.write('four\n');
  await Promise.resolve();
  expect(stream.written).toEqual(['one\n']);
  expect(told).toEqual(['EPIPE']);
});

test('a write that throws (a destroyed stream) closes it too', () => {
  const told: string[] = [];
  const out = guardOutput(Object.assign(new EventEmitter(), {
    isTTY: true,
    write: () => {
      throw Object.assign(new Error('write after end'), { code: 'ERR_STREAM_DESTROYED' });
    },
  }), (code) => told.push(code));
  expect(out.isTTY).toBe(true);
  expect(() => out.write('x')).not.toThrow();
  out.write('y');
  expect(told).toEqual(['ERR_STREAM_DESTROYED']);
});
