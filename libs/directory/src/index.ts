export * from './directory.builder';
