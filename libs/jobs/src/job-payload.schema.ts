import { z } from 'zod';
import { JobName, type JobPayloads } from './job-types';

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a source id: lower-case letters, digits and -, at most 63');
const runId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a run id such as 20260101T000000000Z-1a2b3c');
const heldRun = z.strictObject({ sourceId, runId });

/**
 * What each job's payload must be. A queue in Redis takes whatever anyone with access to it
 * writes (a dashboard, a script, a leaked password), so the consumer checks every payload before
 * a handler sees it; the admin API's own checks (no local directories, public addresses) apply
 * on top of these, where the job is created.
 */
const JOB_PAYLOAD_SCHEMAS: { [N in JobName]: z.ZodType<JobPayloads[N]> } = {
  [JobName.Harvest]: z.strictObject({ sources: z.array(z.string().min(1).max(2048)).min(1).max(100) }),
  [JobName.HarvestSource]: z.strictObject({ sourceId, mode: z.enum(['full', 'incremental']).optional() }),
  [JobName.Reindex]: z.strictObject({}) as z.ZodType<Record<string, never>>,
  [JobName.ConfirmHeldRun]: heldRun,
  [JobName.RejectHeldRun]: heldRun,
};

/** A job whose name or payload no handler takes: retrying it cannot help. */
export class InvalidJobError extends Error {
  constructor(name: string, problems: string) {
    super(`refused job ${name}: ${problems}`);
    this.name = 'InvalidJobError';
  }
}

/** The payload checked against its job's schema; throws InvalidJobError saying what is wrong. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayloads[N] {
  const schema = JOB_PAYLOAD_SCHEMAS[name] as z.ZodType<JobPayloads[N]> | undefined;
  if (!schema) throw new InvalidJobError(String(name), `no such job; known: ${Object.values(JobName).join(', ')}`);
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new InvalidJobError(name, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; '));
}
