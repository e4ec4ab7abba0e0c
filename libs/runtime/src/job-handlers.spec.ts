import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@pds/config';
import { type RunRecord, type SourceSettings, SourceRegistry } from '@pds/harvest';
import { JobName } from '@pds/jobs';
import { FileStateStore } from '@pds/store';
import { jobHandlers } from './job-handlers';
import type { JobHandlerDeps } from './job-handlers';

const context = { progress: async () => undefined };
let dir: string;
let registry: SourceRegistry;
let sources: { run: jest.Mock<Promise<RunRecord>, [SourceSettings, ...unknown[]]>; confirmHeld: jest.Mock<Promise<RunRecord>, [string, string]>; rejectHeld: jest.Mock<Promise<RunRecord>, [string, string]> };
let handlers: ReturnType<typeof jobHandlers>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pds-handlers-'));
  registry = new SourceRegistry(new FileStateStore(dir));
  sources = {
    run: jest.fn<Promise<RunRecord>, [SourceSettings, ...unknown[]]>(async (settings) => ({ sourceId: settings.id, status: 'succeeded' }) as RunRecord),
    confirmHeld: jest.fn<Promise<RunRecord>, [string, string]>(),
    rejectHeld: jest.fn<Promise<RunRecord>, [string, string]>(),
  };
  const runner = {} as JobHandlerDeps['runner']; // the source jobs never reach the ad-hoc runner
  const demo = { retireAfter: async () => undefined }; // nor do they retire the demo: sources.run does
  handlers = jobHandlers({ runner, registry, sources, logger: createLogger('silent'), demo });
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the HarvestSource handler', () => {
  it('runs the source with its settings, the requested mode and the job progress', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://a.example/fhir', pageSize: 10 });

    await handlers[JobName.HarvestSource]({ sourceId: 'payer-a', mode: 'full' }, context);

    expect(sources.run).toHaveBeenCalledWith(expect.objectContaining({ id: 'payer-a', pageSize: 10 }), 'full', context.progress);
  });

  it.each([
    ['unknown source', async () => undefined],
    ['disabled', () => registry.upsert({ id: 'payer-a', baseUrl: 'https://a.example/fhir', enabled: false })],
    [
      'paused',
      async () => {
        await registry.upsert({ id: 'payer-a', baseUrl: 'https://a.example/fhir' });
        await registry.pause('payer-a', 'too many failures');
      },
    ],
  ])('skips a source that is %s without failing the job', async (reason, arrange) => {
    await arrange();

    await expect(handlers[JobName.HarvestSource]({ sourceId: 'payer-a' }, context)).resolves.toEqual({ skipped: reason });
    expect(sources.run).not.toHaveBeenCalled();
  });
});

it('hands held-run decisions to the sources service', async () => {
  await handlers[JobName.ConfirmHeldRun]({ sourceId: 'payer-a', runId: 'r1' }, context);
  await handlers[JobName.RejectHeldRun]({ sourceId: 'payer-b', runId: 'r2' }, context);

  expect(sources.confirmHeld).toHaveBeenCalledWith('payer-a', 'r1');
  expect(sources.rejectHeld).toHaveBeenCalledWith('payer-b', 'r2');
});
