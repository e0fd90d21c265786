// Preloaded into the bin by tests (NODE_OPTIONS=--import this file): when UAS_TEST_NOW names an
// instant, Date starts from it and runs on at the real pace, so that a test can run the command on
// the nights of a week, or across a month's end, without waiting. Not part of the package.
const target = Date.parse(process.env.UAS_TEST_NOW ?? '');
if (Number.isFinite(target)) {
  const RealDate = Date;
  const offset = target - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }

    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
