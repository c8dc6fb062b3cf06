/** The hub's contract with the pages: HTTP routes (routes.ts), their bodies and answers, socket payloads. */
export * from './routes';
export * from './bodies';
export * from './socket';
export type * from './answers';
