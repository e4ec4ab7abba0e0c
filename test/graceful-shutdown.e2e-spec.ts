import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type RunningService, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(60_000);

describe('on SIGTERM the API stops accepting, finishes the requests in flight and exits 0', () => {
  let dataDir: string;
  let api: RunningService;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-shutdown-'));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off', LOG_LEVEL: 'info' }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers a request whose body is still arriving when the signal comes', async () => {
    const body = JSON.stringify({ query: '{ searchProviders(first: 1) { totalCount } }' });
    const { port } = new URL(api.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    // Expect: 100-continue makes the server say when it holds the request: from then on it is in flight.
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor(async () => received.includes('100 Continue'), 10_000, () => received);

    const exited = once(api.process, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    api.process.kill('SIGTERM');
    await waitFor(async () => api.output().includes('shutting down'), 10_000, api.output);
    // The listening socket is closed: no new connection gets in while the old request finishes.
    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();

    socket.write(body);
    await waitFor(async () => received.includes('"totalCount":0'), 10_000, () => received);
    expect(received).toMatch(/HTTP\/1\.1 200 OK/);
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    socket.destroy();
  });
});
