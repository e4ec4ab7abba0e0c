import type { z } from 'zod';
import { type SourceSettings, sourceSettingsSchema } from './source-settings';

/** What each setting accepts, in words an admin can act on; every problem names its field's. */
export const ACCEPTED_SOURCE_SETTINGS: Readonly<Record<keyof SourceSettings, string>> = {
  id: 'lower-case letters, digits and -, not starting with -, at most 63 characters',
  name: '1 to 200 characters',
  baseUrl: 'an http or https FHIR base URL such as https://payer.example/fhir',
  headers: 'HTTP header names (letters, digits and !#$%&\'*+.^_`|~-) mapped to one-line string values',
  pageSize: 'an integer from 1 to 1000',
  requestsPerSecond: 'a number above 0, at most 100',
  concurrency: 'an integer from 1 to 16',
  timeoutMs: 'an integer from 1000 to 300000',
  schedule: 'a cron pattern such as `0 3 * * *` (6 fields: seconds first), or null for on demand only',
  fullEveryDays: 'a number above 0, at most 365',
  maxDeleteShare: 'a number from 0 to 1',
  pauseAfterFailures: 'an integer from 1 to 100',
  enabled: 'true or false',
  exportOrigins: 'at most 10 http or https origins such as https://files.payer.example (no path)',
  maxAnswerMb: 'an integer from 1 to 1024',
  maxDownloadMb: 'an integer from 1 to 65536',
  maxDownloadMinutes: 'an integer from 1 to 1440',
  maxRunMinutes: 'an integer from 1 to 10080 (7 days)',
  maxPagesPerType: 'an integer from 1 to 10000000',
};

/** Settings that failed validation; `problems` lists every one, each with what is accepted. */
export class InvalidSourceSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid source settings: ${problems.join('; ')}`);
    this.name = 'InvalidSourceSettingsError';
  }
}

// Strict: a misspelt setting in the config file (`pagesize`) must fail loudly, not fall back to a default.
const strictSchema = sourceSettingsSchema.strict();

/** Validates settings and applies defaults; throws InvalidSourceSettingsError listing every problem. */
export function parseSourceSettings(input: unknown): SourceSettings {
  const parsed = strictSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidSourceSettingsError(parsed.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.join(', ')}: unknown setting; accepted settings: ${Object.keys(ACCEPTED_SOURCE_SETTINGS).join(', ')}`;
  }
  const field = issue.path[0];
  const accepted = typeof field === 'string' && field in ACCEPTED_SOURCE_SETTINGS
    ? ` (accepted: ${ACCEPTED_SOURCE_SETTINGS[field as keyof SourceSettings]})`
    : '';
  return `${issue.path.join('.') || 'settings'}: ${issue.message}${accepted}`;
}
