import { CatalogTally, type DirectoryCatalog } from '../directory-catalog';
import type { ProviderDocument } from '../provider-document';
import type { Synonyms } from '../synonyms/synonyms';
import { type BuildFile, discardBuildFile } from './build-file';
import { DocumentFile } from './document-file';
import { FacetIndex } from './facet-index';
import { FilterIndex } from './filter-index';
import { startIndexer, stopIndexer } from './build-thread';
import { buildParts } from './generation-builder';
import type { GenerationParts } from './generation-parts';
import { GeoIndex } from './geo-index';
import { ParsedDocuments } from './parsed-documents';
import { Scratch } from './scratch';
import { TextIndex } from './text-index';
import { TextMatcher } from './text-matcher';

/** Bytes of document lines per message to a build thread. */
const LINES_PER_MESSAGE = 1 << 20;

/**
 * One immutable, servable state of the index over its parts: documents numbered in id
 * order (so posting lists and document numbers double as the id tie-break), with the
 * filter, facet, geo and text indexes built over them.
 */
export class IndexGeneration {
  readonly filters: FilterIndex;
  readonly facets: FacetIndex;
  readonly geo: GeoIndex;
  readonly text: TextMatcher;
  private scratchArrays: Scratch | null = null;
  private catalogOfDocuments: DirectoryCatalog | null = null;
  private readonly parsed = new ParsedDocuments((num) => this.parts.documents.get(num));

  constructor(
    readonly parts: GenerationParts,
    private readonly synonyms: Synonyms,
  ) {
    const scratch = (): Scratch => this.scratch();
    this.filters = new FilterIndex(parts.filterKeys, parts.filterPostings, this.count);
    this.facets = new FacetIndex(parts.facets, this.count);
    this.geo = new GeoIndex(parts.geoTree, parts.geoItems, parts.latitudes, parts.longitudes, scratch);
    this.text = new TextMatcher(new TextIndex(parts.terms, parts.textPostings, parts.prefixTops), synonyms, scratch);
  }

  static empty(synonyms: Synonyms): IndexGeneration {
    return new IndexGeneration(buildParts([], [], null), synonyms);
  }

  get count(): number {
    return this.parts.ids.size;
  }

  get updatedAt(): Date | null {
    return this.parts.updatedAt;
  }

  /** Document `num`, frozen and shared with other callers: copy it to change it. */
  document(num: number): ProviderDocument {
    return this.parsed.get(num);
  }

  /** The build's catalog; for a snapshot written before catalogs existed, tallied from the documents once. */
  catalog(): DirectoryCatalog {
    if (this.parts.catalog) return this.parts.catalog;
    if (!this.catalogOfDocuments) {
      const tally = new CatalogTally();
      // Parsed directly: a pass over every document would only flush the recent ones.
      for (let num = 0; num < this.count; num++) tally.add(JSON.parse(this.parts.documents.get(num)) as ProviderDocument);
      this.catalogOfDocuments = tally.finish();
    }
    return this.catalogOfDocuments;
  }

  providerKey(num: number): number {
    return this.parts.providerKeys[num];
  }

  /** Lets go of what the generation holds open (a loaded snapshot's document file) once it is no longer served. */
  release(): void {
    if (this.parts.documents instanceof DocumentFile) this.parts.documents.close();
  }

  /** Allocated on first use: a generation that is never searched never pays for them. */
  scratch(): Scratch {
    this.scratchArrays ??= new Scratch(this.count);
    return this.scratchArrays;
  }

  /**
   * The next generation after upserting and removing documents: a full re-index from the
   * stored JSON (about as long as a rebuild of the same size), leaving this one untouched. It runs
   * on a build thread where there is one (see BuildThread), so an API applying a catch-up keeps
   * answering searches meanwhile: at 100k the re-index holds a thread for seconds. The documents
   * go to `file`, which the new generation owns (or which is removed if it fails).
   */
  async withChanges(upserts: readonly ProviderDocument[], removals: readonly string[], updatedAt: Date, file: BuildFile): Promise<IndexGeneration> {
    const changed = new Map<string, Uint8Array | null>();
    for (const id of removals) changed.set(id, null);
    for (const document of upserts) changed.set(document.id, Buffer.from(`${JSON.stringify(document)}\n`));
    const indexer = startIndexer(file);
    let parts: GenerationParts | null = null;
    try {
      // The kept documents' lines, then the changed ones: the indexer orders them by id itself.
      const { ids, documents } = this.parts;
      let lines: Uint8Array[] = [];
      let bytes = 0;
      const send = async (): Promise<void> => {
        if (lines.length > 0) await indexer.addLines(Buffer.concat(lines, bytes));
        lines = [];
        bytes = 0;
      };
      for (let num = 0; num < ids.size; num++) {
        if (changed.has(ids.get(num))) continue;
        const json = documents.slice(num);
        lines.push(json);
        bytes += json.length;
        if (bytes >= LINES_PER_MESSAGE) await send();
      }
      for (const json of changed.values()) {
        if (!json) continue;
        lines.push(json);
        bytes += json.length;
      }
      await send();
      parts = await indexer.finish(updatedAt);
      return new IndexGeneration(parts, this.synonyms);
    } finally {
      await stopIndexer(indexer);
      if (!parts) discardBuildFile(file);
    }
  }
}
