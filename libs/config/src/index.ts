export * from './app-config';
export * from './logger';
export * from './cli-flags';
