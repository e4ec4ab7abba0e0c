export * from './app.config';
export * from './logger';
