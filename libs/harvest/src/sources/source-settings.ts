import { isCronPattern } from '@pds/jobs';
import { z } from 'zod';

/** Settings of one payer endpoint; every field but `baseUrl` has a polite default. */
export const sourceSettingsSchema = z.object({
  /** Stable slug used in job ids, run records and admin calls. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, at most 63'),
  name: z.string().min(1).max(200),
  /** FHIR base URL (http or https); also the key of the source's resources and documents. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Sent with every request, e.g. an API key some payers ask for. */
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not an HTTP header name'),
      // No line breaks: a value must not smuggle a second header into the request.
      z.string().regex(/^[^\r\n]*$/, 'a header value must be one line'),
    )
    .default({}),
  pageSize: z.number().int().min(1).max(1000).default(100),
  requestsPerSecond: z.number().positive().max(100).default(5),
  concurrency: z.number().int().min(1).max(16).default(2),
  timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  /** Cron pattern of incremental runs (`0 3 * * *`); null: only on demand. */
  schedule: z
    .string()
    .refine(isCronPattern, 'not a cron pattern that fires: 5 fields (`0 3 * * *`) or 6 with seconds first')
    .nullable()
    .default(null),
  /** A full pass runs when the last complete one is older than this many days. */
  fullEveryDays: z.number().positive().max(365).default(7),
  /** A run that would delete more than this share of the source's resources waits for an admin. */
  maxDeleteShare: z.number().min(0).max(1).default(0.02),
  /** Consecutive failed runs after which the source pauses until an admin resumes it. */
  pauseAfterFailures: z.number().int().min(1).max(100).default(5),
  enabled: z.boolean().default(true),
  /**
   * Other origins a bulk `$export` may send us to (its status URL, its files), such as the
   * payer's CDN: `https://files.payer.example`. The source's headers are never sent there.
   */
  exportOrigins: z
    .array(z.url({ protocol: /^https?$/ }).refine(isBareOrigin, 'an origin only: scheme, host and port, no path').transform((url) => new URL(url).origin))
    .max(10)
    .default([]),
  /** Cap of one answer read whole (a page, a manifest), in MB after decompression. */
  maxAnswerMb: z.number().int().min(1).max(1024).default(64),
  /** Cap of one bulk export file, in MB after decompression; it is parsed as it streams, never held whole. */
  maxDownloadMb: z.number().int().min(1).max(65_536).default(4096),
  /** Longest one download may take, however steadily data comes. */
  maxDownloadMinutes: z.number().int().min(1).max(1440).default(60),
  /** Longest a run may take from its start (a resumed run keeps its start); then it fails. */
  maxRunMinutes: z.number().int().min(1).max(10_080).default(360),
  /** Pages one type's crawl may fetch when the server gives no `Bundle.total` to bound it by. */
  maxPagesPerType: z.number().int().min(1).max(10_000_000).default(100_000),
});

function isBareOrigin(url: string): boolean {
  return new URL(url).origin === url.replace(/\/$/, '');
}

export type SourceSettings = z.output<typeof sourceSettingsSchema>;
export type SourceSettingsInput = z.input<typeof sourceSettingsSchema>;
