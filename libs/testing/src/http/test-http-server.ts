import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request; `requestNumber` counts from 1 across the server's life. */
export type TestHttpHandler = (req: IncomingMessage, res: ServerResponse, requestNumber: number) => void;

export interface TestHttpServer {
  /** `http://127.0.0.1:{port}`, without a trailing slash. */
  origin: string;
  /** Every request received, as path and query, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A plain `node:http` server on 127.0.0.1 whose every answer the test writes, faults included. */
export async function startTestHttpServer(handler: TestHttpHandler): Promise<TestHttpServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res, requests.length);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // fetch keeps sockets alive, and a silent server's stay open
      }),
  };
}

/** Writes `body` as FHIR JSON. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify(body));
}

/** An http URL on 127.0.0.1 that refuses connections: a port just given back by the OS. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/fhir`;
}
