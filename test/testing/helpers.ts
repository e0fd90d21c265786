// Moved to test/support/fake.ts; kept so older imports still compile.
export * from '../support/fake.js';
