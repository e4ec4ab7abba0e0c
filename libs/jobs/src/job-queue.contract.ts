import { setTimeout as delay } from 'node:timers/promises';
import { type ConsumerEvents, type JobConsumer, type JobContext, type JobHandlers, JobName, type JobPayloads, type JobQueue } from './job-types';

export interface OpenedJobQueue {
  queue: JobQueue;
  consumer: JobConsumer;
  cleanup(): Promise<void>;
}

/** Below jest's 5 s test timeout, so a wait that fails says what it waited for. */
const WAIT_MS = 4_000;
/** Far longer than any test: a schedule this slow can only have run by running at once. */
const NEVER_DURING_THE_TEST_MS = 10 * 60_000;

interface Call {
  name: JobName;
  payload: JobPayloads[JobName];
}

/** Longer than a few schedule intervals: a stopped schedule would have run again by then. */
const A_FEW_INTERVALS_MS = 700;

/**
 * Handlers that record every call. A Harvest job is labelled by its sources joined with '+', a
 * Reindex job 'reindex', a HarvestSource job `source <id>[ <mode>]`, held-run jobs
 * `confirm|reject <source>/<run>`; `hold` keeps a label's handler running until released,
 * `failOn` makes it throw. Every handler reports progress first. Tests wait on the calls, never
 * on the clock (except to see that something does not happen).
 */
export class HandlerProbe {
  readonly calls: Call[] = [];
  /** `start <label>` and `end <label>` as handlers begin and return. */
  readonly events: string[] = [];
  /** Errors thrown by handlers, as `<label>: <message>`. */
  readonly failures: string[] = [];
  /** The reasons of jobs the consumer gave up on for good. */
  readonly gaveUp: string[] = [];
  readonly consumerEvents: ConsumerEvents = {
    gaveUp: (reason) => {
      this.gaveUp.push(reason);
      this.notify();
    },
  };
  private readonly held = new Map<string, Promise<void>>();
  private readonly releases: (() => void)[] = [];
  private readonly failing = new Set<string>();
  private readonly listeners = new Set<() => void>();

  readonly handlers: JobHandlers = {
    [JobName.Harvest]: (payload, context) =>
      this.run({ name: JobName.Harvest, payload }, payload.sources.join('+'), context),
    [JobName.HarvestSource]: (payload, context) =>
      this.run({ name: JobName.HarvestSource, payload }, ['source', payload.sourceId, payload.mode].filter(Boolean).join(' '), context),
    [JobName.Reindex]: (payload, context) => this.run({ name: JobName.Reindex, payload }, 'reindex', context),
    [JobName.ConfirmHeldRun]: (payload, context) =>
      this.run({ name: JobName.ConfirmHeldRun, payload }, `confirm ${payload.sourceId}/${payload.runId}`, context),
    [JobName.RejectHeldRun]: (payload, context) =>
      this.run({ name: JobName.RejectHeldRun, payload }, `reject ${payload.sourceId}/${payload.runId}`, context),
  };

  /** Labels of the jobs that started, in order. */
  get runs(): string[] {
    return this.events.filter((event) => event.startsWith('start ')).map((event) => event.slice('start '.length));
  }

  count(label: string): number {
    return this.runs.filter((run) => run === label).length;
  }

  hold(label: string): () => void {
    let release!: () => void;
    this.held.set(label, new Promise<void>((resolve) => (release = resolve)));
    this.releases.push(release);
    return release;
  }

  failOn(label: string): void {
    this.failing.add(label);
  }

  releaseAll(): void {
    for (const release of this.releases) release();
  }

  /** Resolves once `condition` holds after some handler started or returned; fails after WAIT_MS. */
  async until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; handlers ran: ${JSON.stringify(this.runs)}`));
      }, WAIT_MS);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  untilRan(label: string, times = 1): Promise<void> {
    return this.until(() => this.count(label) >= times, `${label} to run ${times} time(s)`);
  }

  private async run(call: Call, label: string, context: JobContext): Promise<void> {
    this.calls.push(call);
    this.record(`start ${label}`);
    try {
      await context.progress({ label });
      await this.held.get(label);
      // A little work, so that jobs running side by side would interleave their events.
      await delay(20);
      if (this.failing.has(label)) throw new Error(`${label} failed on purpose`);
    } catch (error) {
      this.failures.push(`${label}: ${(error as Error).message}`);
      throw error;
    } finally {
      this.record(`end ${label}`);
    }
  }

  private record(event: string): void {
    this.events.push(event);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * The behaviour every JobQueue + JobConsumer adapter pair must show; each adapter's spec runs it.
 * `open` gives a fresh, empty queue per test; the consumer is started before jobs are added.
 */
export function describeJobQueueContract(name: string, open: () => Promise<OpenedJobQueue>): void {
  describe(`${name} (JobQueue contract)`, () => {
    let opened: OpenedJobQueue;
    let queue: JobQueue;
    let probe: HandlerProbe;
    const harvest = (label: string, jobId?: string) =>
      queue.enqueue(JobName.Harvest, { sources: [label] }, jobId === undefined ? {} : { jobId });
    const schedule = (label: string, everyMs: number, immediately: boolean) =>
      queue.schedule('tick', JobName.Harvest, { sources: [label] }, { everyMs, immediately });
    const scheduleCron = (label: string, pattern: string) =>
      queue.schedule('tick', JobName.Harvest, { sources: [label] }, { pattern });

    beforeEach(async () => {
      opened = await open();
      queue = opened.queue;
      probe = new HandlerProbe();
      await opened.consumer.start(probe.handlers, probe.consumerEvents);
    });

    afterEach(async () => {
      probe.releaseAll();
      await opened.cleanup();
    });

    it('delivers each job to the handler for its name, with its payload', async () => {
      await queue.enqueue(JobName.Harvest, { sources: ['https://a.example/fhir', 'https://b.example/fhir'] });
      await queue.enqueue(JobName.Reindex, {});

      await probe.untilRan('reindex');

      expect(probe.calls).toEqual([
        { name: JobName.Harvest, payload: { sources: ['https://a.example/fhir', 'https://b.example/fhir'] } },
        { name: JobName.Reindex, payload: {} },
      ]);
    });

    it('runs jobs one at a time, in the order they were enqueued', async () => {
      const labels = ['j1', 'j2', 'j3', 'j4', 'j5'];
      for (const label of labels) await harvest(label);

      await probe.until(() => probe.events.includes('end j5'), 'j5 to end');

      expect(probe.events).toEqual(labels.flatMap((label) => [`start ${label}`, `end ${label}`]));
    });

    it('runs a job id enqueued again while it waits or runs only once', async () => {
      const releaseBlocker = probe.hold('blocker');
      const releaseDup = probe.hold('dup');
      await harvest('blocker');
      await probe.untilRan('blocker');

      expect(await harvest('dup', 'dup-id')).toBe('dup-id');
      expect(await harvest('dup', 'dup-id')).toBe('dup-id'); // while the first waits
      releaseBlocker();
      await probe.untilRan('dup');
      expect(await harvest('dup', 'dup-id')).toBe('dup-id'); // while the first runs
      await harvest('after');
      releaseDup();
      await probe.untilRan('after');

      expect(probe.runs).toEqual(['blocker', 'dup', 'after']);
    });

    it('runs a job id again once its earlier run completed', async () => {
      await harvest('again', 'again-id');
      await harvest('marker-1');
      // With one job at a time, marker-1 starting means the first run of again-id completed.
      await probe.untilRan('marker-1');
      await harvest('again', 'again-id');
      await harvest('marker-2');
      await probe.untilRan('marker-2');

      expect(probe.runs).toEqual(['again', 'marker-1', 'again', 'marker-2']);
    });

    it('keeps running later jobs after a handler throws', async () => {
      probe.failOn('boom');
      await harvest('boom');
      await harvest('after-1');
      await harvest('after-2');

      await probe.untilRan('after-2');

      // Whether and when an adapter retries the failed job is its own business.
      expect(probe.runs[0]).toBe('boom');
      expect(probe.runs.filter((run) => run !== 'boom')).toEqual(['after-1', 'after-2']);
    });

    it('lists the jobs waiting and running, with their payloads, for telling a live run from an orphaned one', async () => {
      const release = probe.hold('running');
      await harvest('running');
      await queue.enqueue(JobName.HarvestSource, { sourceId: 'payer-a' });
      await probe.untilRan('running');

      const live = await queue.liveJobs();

      expect(live).toHaveLength(2);
      expect(live).toEqual(
        expect.arrayContaining([
          { name: JobName.Harvest, payload: { sources: ['running'] } },
          { name: JobName.HarvestSource, payload: { sourceId: 'payer-a' } },
        ]),
      );
      release();
      await probe.untilRan('source payer-a');
    });

    it('tells when it gave up on a job for good, with the reason', async () => {
      await queue.enqueue(JobName.HarvestSource, { sourceId: '../../etc' });

      await probe.until(() => probe.gaveUp.length > 0, 'the consumer to give up on the forged job');

      expect(probe.gaveUp).toEqual([expect.stringMatching(/failed.*sourceId/)]);
    });

    it('hands a handler no job whose payload breaks its schema, and goes on', async () => {
      await queue.enqueue(JobName.HarvestSource, { sourceId: '../../etc' });
      await queue.enqueue(JobName.Harvest, { sources: [] });
      await harvest('after-forged');

      await probe.untilRan('after-forged');

      expect(probe.runs).toEqual(['after-forged']);
    });

    it('runs a schedule at once when asked to', async () => {
      await schedule('tick', NEVER_DURING_THE_TEST_MS, true);
      await harvest('marker');

      await probe.untilRan('marker');

      expect(probe.runs).toEqual(['tick', 'marker']);
    });

    it('runs a schedule given again at once when asked to, as a restarted worker does', async () => {
      await schedule('tick', NEVER_DURING_THE_TEST_MS, true);
      await harvest('marker-1');
      await probe.untilRan('marker-1');

      await schedule('tick', NEVER_DURING_THE_TEST_MS, true);
      await harvest('marker-2');
      await probe.untilRan('marker-2');

      expect(probe.runs).toEqual(['tick', 'marker-1', 'tick', 'marker-2']);
    });

    it('does not run a schedule at once when not asked to', async () => {
      await schedule('tick', NEVER_DURING_THE_TEST_MS, false);
      await harvest('marker');

      await probe.untilRan('marker');

      expect(probe.runs).toEqual(['marker']);
    });

    it.each([true, false])('repeats a schedule every everyMs (immediately: %s)', async (immediately) => {
      await schedule('tick', 200, immediately);

      await probe.untilRan('tick', 3);

      expect(new Set(probe.runs)).toEqual(new Set(['tick']));
      expect(probe.calls[0]).toEqual({ name: JobName.Harvest, payload: { sources: ['tick'] } });
    });

    it('replaces a schedule given again under the same schedulerId', async () => {
      await schedule('old', 200, true);
      await probe.untilRan('old');

      await schedule('new', 200, true);
      await probe.untilRan('new', 3);

      // A run of old already under way may finish; none starts after the new schedule's first run.
      expect(new Set(probe.runs.slice(probe.runs.indexOf('new')))).toEqual(new Set(['new']));
    });
    it('delivers source and held-run jobs, and lets handlers report progress', async () => {
      await queue.enqueue(JobName.HarvestSource, { sourceId: 'payer-a', mode: 'full' }, { jobId: 'harvest-payer-a' });
      await queue.enqueue(JobName.HarvestSource, { sourceId: 'payer-b' });
      await queue.enqueue(JobName.ConfirmHeldRun, { sourceId: 'payer-a', runId: 'r1' });
      await queue.enqueue(JobName.RejectHeldRun, { sourceId: 'payer-b', runId: 'r2' });

      await probe.until(() => probe.events.includes('end reject payer-b/r2'), 'the last job to end');

      expect(probe.runs).toEqual(['source payer-a full', 'source payer-b', 'confirm payer-a/r1', 'reject payer-b/r2']);
      // Each handler reports progress before anything else: a failed report would have failed its job.
      expect(probe.failures).toEqual([]);
    });

    it('runs a cron schedule on its pattern', async () => {
      await scheduleCron('cron', '* * * * * *'); // every second

      await probe.untilRan('cron', 2);

      expect(new Set(probe.runs)).toEqual(new Set(['cron']));
    });

    it('replaces an interval schedule with a cron one under the same schedulerId', async () => {
      await schedule('interval', 200, true);
      await probe.untilRan('interval');

      await scheduleCron('cron', '* * * * * *');
      await probe.untilRan('cron', 2);

      expect(new Set(probe.runs.slice(probe.runs.indexOf('cron')))).toEqual(new Set(['cron']));
    });

    it.each([
      ['an interval', (label: string) => schedule(label, 200, false)],
      ['a cron', (label: string) => scheduleCron(label, '* * * * * *')],
    ])('stops %s schedule on unschedule', async (_kind, start) => {
      await start('tick');
      await probe.untilRan('tick');

      await queue.unschedule('tick');
      await harvest('marker');
      await probe.untilRan('marker');
      const ticksBefore = probe.count('tick');
      await delay(A_FEW_INTERVALS_MS);

      // A tick queued before unschedule may run before the marker; none starts after it.
      expect(probe.count('tick')).toBe(ticksBefore);
      expect(probe.runs.at(-1)).toBe('marker');
    });

    it('lets the job under way finish on close, and starts no other', async () => {
      const release = probe.hold('running');
      await harvest('running');
      await harvest('waiting');
      await probe.untilRan('running');

      const closed = opened.consumer.close();
      release();
      await closed;

      // close resolved after the running job ended, and the waiting one never started.
      expect(probe.events).toEqual(['start running', 'end running']);
    });

    it('treats unscheduling an unknown schedulerId as a no-op', async () => {
      await expect(queue.unschedule('never-scheduled')).resolves.toBeUndefined();
    });
  });
}
