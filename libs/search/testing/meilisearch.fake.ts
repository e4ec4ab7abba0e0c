import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SearchError, type ProviderDocument } from '@pds/search';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}
export interface Reply {
  status: number;
  body?: unknown;
}
export type TaskError = { message: string; code: string } | null;

/**
 * A minimal stand-in for Meilisearch on 127.0.0.1: records every request, keeps the set of
 * index uids (listed by `GET /indexes`, each with its `updatedAt`) and each index's settings
 * as last patched, enqueues a task for every write (succeeding unless `failTask` says
 * otherwise) and answers `GET /tasks/:uid`. `replies` overrides any route.
 */
export class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  readonly indexes = new Set<string>();
  /** Per index uid, its settings as last patched (a new index has none of ours). */
  readonly settings = new Map<string, unknown>();
  /** Per index uid, the `updatedAt` listed; unlisted uids were updated just now. */
  readonly updatedAt = new Map<string, string>();
  /** What `GET /indexes/:uid` reports as `createdAt`: a swap changes it on a real server. */
  createdAt = '2025-01-01T00:00:00Z';
  /** Checked first; return undefined to fall through to the default behaviour (a promise delays the answer). */
  replies: (request: RecordedRequest) => Reply | undefined | Promise<Reply | undefined> = () => undefined;
  /** Decides a write's task outcome; null means success. */
  failTask: (request: RecordedRequest) => TaskError = () => null;
  private readonly tasks: { status: string; error: TaskError }[] = [];
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Requests other than task polling, as `METHOD /path`; times in a query (`beforeFinishedAt`, the clock's) read `…`. */
  calls(): string[] {
    return this.requests
      .filter((r) => !r.path.startsWith('/tasks/'))
      .map((r) => `${r.method} ${r.path.replace(/(beforeFinishedAt=)[^&]+/, '$1…')}`);
  }

  body(method: string, path: string): unknown {
    return this.requests.find((r) => r.method === method && r.path === path)?.body;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: raw ? JSON.parse(raw) : undefined,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const reply = (await this.replies(request)) ?? this.route(request);
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private route(request: RecordedRequest): Reply {
    const task = /^\/tasks\/(\d+)$/.exec(request.path);
    if (task) {
      const { status, error } = this.tasks[Number(task[1])];
      return { status: 200, body: { uid: Number(task[1]), status, error, type: 'documentAdditionOrUpdate' } };
    }
    const index = /^\/indexes\/([\w-]+)(\/stats|\/settings)?$/.exec(request.path);
    if (request.method === 'GET' && index) {
      if (!this.indexes.has(index[1])) return notFound(index[1]);
      if (index[2] === '/settings') return { status: 200, body: this.settings.get(index[1]) ?? {} };
      return index[2]
        ? { status: 200, body: { numberOfDocuments: 3, isIndexing: false } }
        : { status: 200, body: { uid: index[1], primaryKey: 'id', createdAt: this.createdAt, updatedAt: '2025-02-03T04:05:06Z' } };
    }
    const list = /^\/indexes\?offset=(\d+)&limit=(\d+)$/.exec(request.path);
    if (request.method === 'GET' && list) {
      const uids = [...this.indexes].sort();
      const now = new Date().toISOString();
      const results = uids.slice(Number(list[1]), Number(list[1]) + Number(list[2])).map((uid) => ({ uid, updatedAt: this.updatedAt.get(uid) ?? now }));
      return { status: 200, body: { results, offset: Number(list[1]), limit: Number(list[2]), total: uids.length } };
    }
    if (request.method === 'GET') return { status: 404, body: { code: 'not_found', message: 'no route' } };
    return this.enqueue(request);
  }

  private enqueue(request: RecordedRequest): Reply {
    const error = this.failTask(request) ?? this.applyIndexChange(request);
    this.tasks.push({ status: error ? 'failed' : 'succeeded', error });
    const taskUid = this.tasks.length - 1;
    return { status: 202, body: { taskUid, indexUid: null, status: 'enqueued', type: 'x', enqueuedAt: '2025-01-01T00:00:00Z' } };
  }

  /** Index creation, deletion and swaps change the set of uids, failing as Meilisearch would. */
  private applyIndexChange(request: RecordedRequest): TaskError {
    const body = request.body as { uid?: string } & [{ indexes: [string, string] }];
    if (request.method === 'POST' && request.path === '/indexes') {
      if (this.indexes.has(body.uid ?? '')) return { code: 'index_already_exists', message: `Index \`${body.uid}\` already exists.` };
      this.indexes.add(body.uid ?? '');
    }
    const patched = /^\/indexes\/([\w-]+)\/settings$/.exec(request.path);
    if (request.method === 'PATCH' && patched) this.settings.set(patched[1], request.body);
    const deleted = /^\/indexes\/([\w-]+)$/.exec(request.path);
    if (request.method === 'DELETE' && deleted) {
      if (!this.indexes.delete(deleted[1])) return { code: 'index_not_found', message: `Index \`${deleted[1]}\` not found.` };
    }
    if (request.path === '/swap-indexes' && !body[0].indexes.every((uid) => this.indexes.has(uid))) {
      return { code: 'index_not_found', message: 'Indexes not found.' };
    }
    return null;
  }
}

export const apiError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message, type: 'invalid_request', link: '' },
});

export const notFound = (uid: string): Reply => apiError(404, 'index_not_found', `Index \`${uid}\` not found.`);

export const searchReply = (documents: ProviderDocument[], extra: object = {}): Reply => ({
  status: 200,
  body: {
    hits: documents.map((document) => ({ document })),
    ...{ totalHits: 57, hitsPerPage: 20, page: 1, totalPages: 3, processingTimeMs: 1, query: '' },
    ...extra,
  },
});

/** The SearchError a promise rejects with; anything else (a resolution included) fails the test. */
export const rejection = async (promise: Promise<unknown>): Promise<SearchError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SearchError)) throw new Error(`Expected a SearchError, got ${String(error)}.`);
  return error;
};
