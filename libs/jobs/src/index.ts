export * from './bullmq-job-queue.adapter';
export * from './cron-pattern';
export * from './in-process-job-queue.adapter';
export * from './job-types';
export * from './job-payload.schema';
