import type { RunRecord, RunRecordStore } from '@pds/harvest';
import type { StateStore } from '@pds/store';
import type { Registry } from 'prom-client';
import { recordGauges } from './record-gauges';

/** Run records per source read at each scrape; older ones are not counted. */
const RUNS_READ = 50;

interface SourceRuns {
  source: string;
  runs: RunRecord[];
}

/**
 * Per-source harvest figures, read from the run records at scrape time: the worker that ran
 * them may be another process, and the records are what every process shares.
 */
export function registerHarvestMetrics(registry: Registry, state: StateStore, records: RunRecordStore): void {
  const gauge = recordGauges(registry, () => readRuns(state, records), 'the run records');

  gauge('pds_harvest_runs', `Harvest runs by status among each source's last ${RUNS_READ}`, ['source', 'status'], (g, sources) => {
    for (const { source, runs } of sources) for (const run of runs) g.inc({ source, status: run.status });
  });
  const lastRun = (name: string, help: string, value: (run: RunRecord) => number) =>
    gauge(name, help, ['source'], (g, sources) => {
      for (const { source, runs } of sources) {
        const run = runs.find((candidate) => candidate.finishedAt !== null);
        if (run) g.set({ source }, value(run));
      }
    });
  lastRun('pds_harvest_last_run_requests', 'HTTP requests of the last finished run', (run) => run.totals.requests);
  lastRun('pds_harvest_last_run_resources', 'Resources fetched by the last finished run', (run) => run.totals.resources);
  lastRun('pds_harvest_last_run_errors', 'Errors of the last finished run', (run) => run.totals.errors);
  lastRun('pds_harvest_last_run_seconds', 'Duration of the last finished run', (run) => secondsBetween(run.startedAt, run.finishedAt!));
  gauge('pds_harvest_last_complete_pass_timestamp_seconds', 'When the last complete full pass finished', ['source'], (g, sources) => {
    for (const { source, runs } of sources) {
      const pass = runs.find((run) => run.mode === 'full' && run.complete && run.status === 'succeeded' && run.finishedAt);
      if (pass) g.set({ source }, Date.parse(pass.finishedAt!) / 1000);
    }
  });
}

/** Every source with run records (registered or not: CLI and SOURCES runs count too), newest run first. */
async function readRuns(state: StateStore, records: RunRecordStore): Promise<SourceRuns[]> {
  const sources = new Set((await state.list('runs/')).map((key) => key.split('/')[1]).filter(Boolean));
  return Promise.all([...sources].map(async (source) => ({ source, runs: await records.latest(source, RUNS_READ) })));
}

function secondsBetween(start: string, end: string): number {
  return (Date.parse(end) - Date.parse(start)) / 1000;
}
