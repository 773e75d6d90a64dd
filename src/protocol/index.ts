// The page ↔ worker contract: message types, constants and boundary guards.
export * from './messages';
export * from './transfer';
export * from './lab';
export { parseCommand, parseEvent, checkOptions } from './validate';
export type { Result } from './guards';
