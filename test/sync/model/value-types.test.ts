import { expect, test } from 'vitest';
import { lookerValueProblem } from '../../../src/sync/model/value-types.js';

test.each([
  ['number', '42', true], ['number', '-1.5e3', true], ['number', '.5', true], ['number', '1e400', false], ['number', 'NaN', false], ['number', '0x10', false], ['number', '', false],
  ['yesno', 'yes', true], ['yesno', 'no', true], ['yesno', 'Yes', false], ['yesno', 'true', false],
  ['datetime', '2026-11-22', true], ['datetime', '2026-11-22T08:30:00Z', true], ['datetime', '2026-11-22 08:30', true], ['datetime', '2026-11-22T08:30:00.25+01:00', true],
  ['datetime', '2026-02-29', false], ['datetime', '2026-11-22T24:00', false], ['datetime', '22/11/2026', false], ['datetime', 'tomorrow', false],
  ['zipcode', '12345', true], ['zipcode', '12345-6789', true], ['zipcode', '1234', false], ['zipcode', 'SW1A 1AA', false],
  ['advanced_filter_string', '%, NULL', true], ['advanced_filter_number', '[1, 10]', true], ['advanced_filter_datetime', ' ', false],
  ['string', 'anything at all', true], ['relative_url', '/dashboards/1', true], ['some_future_type', 'x', true],
  ['string', 'line\u0000break', false],
])('%s %j fits: %s', (type, value, fits) => {
  const problem = lookerValueProblem(type, value);
  expect(problem === undefined).toBe(fits);
  // The message never repeats the value (it may be a hidden attribute's).
  if (problem && value.trim()) expect(problem).not.toContain(value);
});
