export * from './job.handlers';
export * from './runtime';
export * from './source-run.seam';
export * from './source.schedules';
export * from './demo-data';
