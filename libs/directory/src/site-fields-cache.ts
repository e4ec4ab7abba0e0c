import type { Coded, OfficeHours, PracticeLocation } from '@pds/search';
import type { ReadableTarget } from './directory-context';
import { toPracticeLocation, type PositionScreen } from './location.mapper';
import { accessibility, officeHours } from './office.mapper';

/** What a document takes from its Location alone. */
export interface SiteFields {
  location: PracticeLocation;
  /** The Location's `hoursOfOperation` (a role's own hours win over them). */
  hours: OfficeHours[];
  accessibility: Coded[];
}

/**
 * Site fields computed once per Location of a build and shared by the documents of every role
 * there (a practice's clinicians share its sites): the build allocates, and collects, a tenth of
 * what it would per document. Read from the Location alone, so nothing is recorded as an input
 * beyond the Location itself; a contained Location (`#id`) means something only inside its
 * container and is not shared.
 */
export class SiteFieldsCache {
  private readonly byId = new Map<string, SiteFields>();

  constructor(private readonly positions: PositionScreen) {}

  of(site: ReadableTarget): SiteFields {
    const shared = site.id.startsWith('#') ? undefined : this.byId.get(site.id);
    if (shared) return shared;
    const fields: SiteFields = {
      location: toPracticeLocation(site.resource, site.id, this.positions),
      hours: officeHours(site.resource.hoursOfOperation),
      accessibility: accessibility(site.resource),
    };
    if (!site.id.startsWith('#')) this.byId.set(site.id, fields);
    return fields;
  }
}
