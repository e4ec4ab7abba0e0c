import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@pds/config';
import { type HarvestRunner, type RunRecord, SourceRegistry } from '@pds/harvest';
import { JobName } from '@pds/jobs';
import { FileStateStore } from '@pds/store';
import { jobHandlers } from './job.handlers';
import type { HeldRunActions, RunSource } from './source-run.seam';

const context = { progress: async () => undefined };
let dir: string;
let registry: SourceRegistry;
let runSource: jest.Mock<ReturnType<RunSource>, Parameters<RunSource>>;
let heldRuns: { [A in keyof HeldRunActions]: jest.Mock<Promise<RunRecord>, [string, string]> };
let handlers: ReturnType<typeof jobHandlers>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pds-handlers-'));
  registry = new SourceRegistry(new FileStateStore(dir));
  runSource = jest.fn<ReturnType<RunSource>, Parameters<RunSource>>(
    async (settings) => ({ sourceId: settings.id, status: 'succeeded' }) as RunRecord,
  );
  heldRuns = { confirm: jest.fn<Promise<RunRecord>, [string, string]>(), reject: jest.fn<Promise<RunRecord>, [string, string]>() };
  const runner = {} as HarvestRunner; // the source jobs never reach the group runner
  const demo = { retireAfter: async () => undefined }; // nor do they retire the demo: runSource does
  handlers = jobHandlers({ runner, registry, runSource, heldRuns, logger: createLogger('silent'), demo });
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the HarvestSource handler', () => {
  it('runs the source with its settings, the requested mode and the job progress', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://a.example/fhir', pageSize: 10 });

    await handlers[JobName.HarvestSource]({ sourceId: 'payer-a', mode: 'full' }, context);

    expect(runSource).toHaveBeenCalledWith(expect.objectContaining({ id: 'payer-a', pageSize: 10 }), 'full', context.progress);
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
    expect(runSource).not.toHaveBeenCalled();
  });
});

it('hands held-run decisions to the crawl core', async () => {
  await handlers[JobName.ConfirmHeldRun]({ sourceId: 'payer-a', runId: 'r1' }, context);
  await handlers[JobName.RejectHeldRun]({ sourceId: 'payer-b', runId: 'r2' }, context);

  expect(heldRuns.confirm).toHaveBeenCalledWith('payer-a', 'r1');
  expect(heldRuns.reject).toHaveBeenCalledWith('payer-b', 'r2');
});
