export * from './run-id';
export * from './run-progress.writer';
export * from './run-record';
export * from './run-record.store';
