/** The custody core: pure rules shared by the hub and the kiosk. See README.md and SPEC.md. */
export * from './time';
export * from './roster';
export * from './calendar';
export * from './cardId';
export * from './cards';
export * from './cardHash';
export * from './events';
export * from './state';
export * from './reduceDay';
export * from './dayReducer';
export * from './checkEvent';
export * from './messages';
export * from './protocol';
