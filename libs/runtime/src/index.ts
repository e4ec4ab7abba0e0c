export * from './job-handlers';
export * from './runtime';
export * from './sources.service';
export * from './source-schedules';
export * from './demo-data';
export * from './shutdown-signals';
