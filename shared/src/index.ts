export * from './interval.js';
export * from './flow.js';
export * from './link-config.js';
export * from './node-type.js';
export * from './connection.js';
export * from './validate-flow.js';
export * from './events.js';
export * from './api.js';
