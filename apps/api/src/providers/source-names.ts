import { Injectable } from '@nestjs/common';
import { SourceRegistry } from '@pds/harvest';
import { DemoData } from '@pds/runtime';
import type { DirectorySource } from './provider-details.model';

/** Names a source by its key (base URL) and, for documents that carry it, the id their ids are scoped to. */
export type SourceNamer = (url: string, sourceId?: string) => DirectorySource;

/** Registered sources change rarely; one read of the registry serves the answers of this long. */
const TTL_MS = 10_000;
const MAX_UNREGISTERED = 1_000;

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
  private readonly unregisteredNames = new Map<string, Map<string | undefined, DirectorySource>>();
  private readonly demoSource: DirectorySource;

  constructor(
    private readonly registry: SourceRegistry,
    private readonly demo: DemoData,
  ) {
    this.demoSource = { id: demo.sourceId, name: demo.sourceId, url: demo.sourceKey };
  }

  /** Names any number of sources after one registry read: a page of hits awaits once, not once per hit. */
  async namer(): Promise<SourceNamer> {
    const byUrl = await this.registered();
    const demoKey = this.demo.sourceKey;
    return (url, sourceId) => (url === demoKey ? this.demoSource : (byUrl.get(url) ?? this.unregistered(url, sourceId)));
  }

  /**
   * One object per unregistered source, like the registry's per read: a URL is parsed once, not
   * once a hit, and references named after it can be kept with the document (see toNode).
   */
  private unregistered(url: string, sourceId: string | undefined): DirectorySource {
    let byId = this.unregisteredNames.get(url);
    if (!byId) {
      // URLs come from indexed documents, a handful of sources; the bound is a guard only.
      if (this.unregisteredNames.size >= MAX_UNREGISTERED) this.unregisteredNames.clear();
      this.unregisteredNames.set(url, (byId = new Map()));
    }
    let named = byId.get(sourceId);
    if (!named) byId.set(sourceId, (named = { id: sourceId ?? url, name: unregisteredName(url), url }));
    return named;
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
