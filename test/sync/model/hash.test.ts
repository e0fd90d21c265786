// The 53-bit text hash behind incremental fingerprints: framing, null, range and spread.
import { expect, test } from 'vitest';
import { Hash53 } from '../../../src/sync/model/hash.js';

const hashOf = (...texts: (string | null)[]) => texts.reduce((hash, text) => hash.text(text), new Hash53()).digest();

test('the same texts give the same integer below 2 ** 53', () => {
  const digest = hashOf('Department', 'Sales');
  expect(hashOf('Department', 'Sales')).toBe(digest);
  expect(Number.isSafeInteger(digest) && digest >= 0).toBe(true);
});

test('texts are framed: a boundary moved, an empty text or a null all differ', () => {
  expect(hashOf('ab', 'c')).not.toBe(hashOf('a', 'bc'));
  expect(hashOf('a', '')).not.toBe(hashOf('a'));
  expect(hashOf('a', null)).not.toBe(hashOf('a', ''));
  expect(hashOf(null, 'a')).not.toBe(hashOf('a', null));
});

test('100,000 similar texts give 100,000 digests, spread over the high bits too', () => {
  const digests = new Set<number>();
  let high = 0;
  for (let i = 0; i < 100_000; i++) {
    const digest = hashOf(`user${i}@acme.test`, `Dept ${i % 7}`);
    digests.add(digest);
    if (digest >= 2 ** 52) high++;
  }
  expect(digests.size).toBe(100_000);
  expect(high).toBeGreaterThan(45_000);
  expect(high).toBeLessThan(55_000);
});
