// The root entry: both clients and everything shared. Import '/looker' or '/dx' to load only one.
export * from './looker/index.js';
export * from './dx/index.js';
export { VERSION } from './version.js';
