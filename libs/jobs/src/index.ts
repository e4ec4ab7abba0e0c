export * from './bullmq.job-queue';
export * from './cron-pattern';
export * from './in-process.job-queue';
export * from './job.types';
export * from './job-payload.schemas';
