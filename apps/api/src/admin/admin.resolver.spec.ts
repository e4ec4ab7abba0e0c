import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger, loadConfig } from '@pds/config';
import { InProcessJobQueue, type JobHandlers, type JobPayloads, JobName } from '@pds/jobs';
import type { GraphQLError } from 'graphql';
import { AdminResolver } from './admin.resolver';

describe('AdminResolver.harvest(sources)', () => {
  let dir: string;
  let queue: InProcessJobQueue;
  let harvested: JobPayloads[JobName.Harvest][];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pds-admin-'));
    harvested = [];
    queue = new InProcessJobQueue(createLogger('silent'));
    await queue.start({ [JobName.Harvest]: async (payload: JobPayloads[JobName.Harvest]) => void harvested.push(payload) } as unknown as JobHandlers); // only harvest is queued here
  });
  afterEach(async () => {
    await queue.close();
    await rm(dir, { recursive: true, force: true });
  });

  const resolver = (env: Record<string, string> = {}) =>
    new AdminResolver(queue, loadConfig({ DATA_DIR: dir, ...env }));
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: GraphQLError) => error);

  it('refuses a path the same way whether or not that directory exists, so the answer reveals nothing', async () => {
    const existing = await refusal(resolver().harvest([dir]));
    const missing = await refusal(resolver().harvest([`${dir}-missing`]));

    expect(existing?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(existing?.message.replace(dir, 'PATH')).toBe(missing?.message.replace(`${dir}-missing`, 'PATH'));
    expect(existing?.message).toBe(`sources: "${dir}" is not an http or https URL. Expected a FHIR base URL such as https://payer.example/fhir`);
  });

  it('refuses a file:// URL of an existing directory', async () => {
    const error = await refusal(resolver().harvest([`file://${dir}`]));

    expect(error?.message).toContain('is not an http or https URL');
  });

  it('refuses loopback and metadata addresses unless ALLOW_PRIVATE_SOURCES, and queues nothing', async () => {
    const loopback = await refusal(resolver().harvest(['http://127.0.0.1:6379']));
    const metadata = await refusal(resolver().harvest(['http://169.254.169.254/latest']));

    expect(loopback?.message).toMatch(/^sources: http:\/\/127\.0\.0\.1:6379: 127\.0\.0\.1 is a loopback address/);
    expect(metadata?.message).toContain('is a link-local address');

    await expect(resolver({ ALLOW_PRIVATE_SOURCES: 'true' }).harvest(['http://127.0.0.1:8080/fhir/'])).resolves.toMatch(/^harvest-/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(harvested).toEqual([{ sources: ['http://127.0.0.1:8080/fhir'] }]);
  });
});
