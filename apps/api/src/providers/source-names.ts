import { Injectable } from '@nestjs/common';
import { SourceRegistry } from '@pds/harvest';
import { DemoData } from '@pds/runtime';
import type { DirectorySource } from './provider-details.model';

/** Names a source by its key (base URL) and, for documents that carry it, the id their ids are scoped to. */
export type SourceNamer = (url: string, sourceId?: string) => DirectorySource;

/** Registered sources change rarely; one read of the registry serves the answers of this long. */
const TTL_MS = 10_000;

/**
 * Names documents' sources: a document carries its source's base URL, the registry knows the
 * id and name an admin gave it. A source harvested without registration (CLI, bare SOURCES
 * URL) is named after its host, or its path for a local directory, and has the id its
 * documents' ids are scoped to (the URL itself for documents indexed before scoping).
 */
@Injectable()
export class SourceNames {
  private cache: { at: number; byUrl: Promise<Map<string, DirectorySource>> } | null = null;
  private lastRead = new Map<string, DirectorySource>();

  constructor(
    private readonly registry: SourceRegistry,
    private readonly demo: DemoData,
  ) {}

  async of(url: string, sourceId?: string): Promise<DirectorySource> {
    return (await this.namer())(url, sourceId);
  }

  /** Names any number of sources after one registry read: a page of hits awaits once, not once per hit. */
  async namer(): Promise<SourceNamer> {
    const byUrl = await this.registered();
    const demoKey = this.demo.sourceKey;
    const demoId = this.demo.sourceId;
    // A page's hits mostly share one source: each unregistered one is named (a URL parse) once.
    const unregistered = new Map<string, DirectorySource>();
    return (url, sourceId) => {
      if (url === demoKey) return { id: demoId, name: demoId, url };
      const registered = byUrl.get(url);
      if (registered) return registered;
      const key = `${sourceId ?? ''} ${url}`;
      let named = unregistered.get(key);
      if (!named) unregistered.set(key, (named = { id: sourceId ?? url, name: unregisteredName(url), url }));
      return named;
    };
  }

  private registered(): Promise<Map<string, DirectorySource>> {
    if (!this.cache || Date.now() - this.cache.at > TTL_MS) {
      const byUrl = this.registry
        .list()
        .then((sources) => new Map(sources.map((source) => [source.baseUrl, { id: source.id, name: source.name, url: source.baseUrl }])))
        .then((names) => (this.lastRead = names))
        // Searches answer from the index while the registry's store (Redis) is away: with the
        // names last read, or host names, until it answers again.
        .catch(() => this.lastRead);
      this.cache = { at: Date.now(), byUrl };
    }
    return this.cache.byUrl;
  }
}

function unregisteredName(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host || parsed.pathname;
  } catch {
    return url;
  }
}
