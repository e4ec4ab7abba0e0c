import { z } from 'zod';
import { settingsFromUrl } from '../sources/source-seeder';
import { type SourceSettings, sourceSettingsSchema } from '../sources/source-settings';

// The registry, and so every admin, takes http(s) sources only; a local NDJSON directory
// (file://) is for whoever runs the CLI or sets SOURCES on the machine itself.
const adHocSchema = sourceSettingsSchema.extend({ baseUrl: z.string() });

export type AdHocDefaults = Partial<Pick<SourceSettings, 'pageSize' | 'timeoutMs' | 'requestsPerSecond'>>;

/** Settings for a bare URL or directory given on the command line or in SOURCES, with the deployment's defaults. */
export function adHocSettings(source: string, defaults: AdHocDefaults = {}): SourceSettings {
  return adHocSchema.parse({ ...defaults, ...settingsFromUrl(source) });
}
