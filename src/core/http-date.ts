// Reads an HTTP-date in each of the three forms RFC 9110 §5.6.7 requires a recipient to accept.
// By hand, with exact regexes and Date.UTC: Date.parse is implementation-defined for anything but ISO 8601.

// Capitals stand only at the start of each name, so any three letters found here are a month.
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?<M>[A-Z][a-z]{2})';
const TIME = String.raw`(?<h>\d\d):(?<m>\d\d):(?<s>\d\d)`;
// The grammar's exact shape: case-sensitive, single spaces, `GMT` spelled out where the form has it.
// `Sun, 06 Nov 1994 08:49:37 GMT`, the form servers send.
const IMF_FIXDATE = new RegExp(String.raw`^${DAY}, (?<d>\d\d) ${MONTH} (?<y>\d{4}) ${TIME} GMT$`);
// `Sunday, 06-Nov-94 08:49:37 GMT`: obsolete, with a two-digit year.
const RFC_850 = new RegExp(String.raw`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<d>\d\d)-${MONTH}-(?<y>\d\d) ${TIME} GMT$`);
// `Sun Nov  6 08:49:37 1994`: obsolete, the day padded with a space (or a zero), no zone (GMT).
const ASCTIME = new RegExp(String.raw`^${DAY} ${MONTH} (?<d>[ \d]\d) ${TIME} (?<y>\d{4})$`);
// Date.UTC reads years 0-99 as 1900-1999; 400 years later (146,097 days, one Gregorian cycle) it does not.
const CYCLE_MS = 146_097 * 86_400_000;

/**
 * The instant an HTTP-date names, in milliseconds since the epoch: IMF-fixdate, RFC 850 or asctime
 * (RFC 9110 §5.6.7). Undefined when `text` is not exactly one of them (a lowercase or missing `GMT`,
 * an unknown weekday or month, extra spaces) or names no real time (Feb 30, 24:00:00). The weekday
 * must be a real name of the right length but need not match the date: it adds nothing the date
 * does not say, and RFC 9110 asks recipients to be robust. `now` places an RFC 850 two-digit year:
 * a date more than 50 years after `now` is read as the most recent past year with those digits.
 */
export function parseHttpDate(text: string, now: number): number | undefined {
  const fields = (IMF_FIXDATE.exec(text) ?? RFC_850.exec(text) ?? ASCTIME.exec(text))?.groups;
  if (!fields) return undefined;
  const { y = '', M = '' } = fields;
  const [month, day, hour, minute, second] = [MONTHS.indexOf(M) / 3, Number(fields.d), Number(fields.h), Number(fields.m), Number(fields.s)];
  const seconds = (hour * 60 + minute) * 60 + second;
  let year = Number(y);
  if (y.length === 2) {
    const current = new Date(now).getUTCFullYear();
    const limit = new Date(now).setUTCFullYear(current + 50);
    year += current - (current % 100) + 100;
    while (Date.UTC(year, month, day) + seconds * 1000 > limit) year -= 100;
  }
  const midnight = Date.UTC(year + 400, month, day) - CYCLE_MS;
  // Date.UTC rolls Feb 30 over to March: a day that does not come back is not in its month. The
  // leap second 23:59:60 (§5.6.7 allows it) is 86,400 s into the day: POSIX time, without leap
  // seconds, calls that the next midnight.
  const valid = month >= 0 && new Date(midnight).getUTCDate() === day && hour < 24 && minute < 60 && (second < 60 || seconds === 86_400);
  return valid ? midnight + seconds * 1000 : undefined;
}
