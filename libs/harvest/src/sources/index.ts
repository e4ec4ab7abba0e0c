export * from './source-settings';
export * from './source-settings-validation';
export * from './source-status';
export * from './source.error';
export * from './source-registry';
export * from './source-seeder';
export * from './sources-file-reader';
export * from './source-target-policy';
