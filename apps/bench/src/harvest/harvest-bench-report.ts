import type { HarvestRunReport, RunCounters } from '@pds/harvest';

/** What one harvest run cost the source and us. */
export interface HarvestRunFigures extends Pick<RunCounters, 'requests' | 'pages' | 'resources' | 'bytes' | 'added' | 'updated' | 'deleted'> {
  mode: string;
  /** The run record's start to finish: probe, crawl, commit. */
  runSeconds: number;
  /** The CLI's own figure: the run plus the index catching up. */
  totalSeconds: number;
  /** The CLI process, start-up included. */
  wallSeconds: number;
  rolesRebuilt: number;
  documents: number;
}

export interface HarvestDatasetFigures {
  dataset: string;
  /** Resources the test FHIR server serves. */
  served: number;
  /** Resources edited upstream between the full and the incremental run. */
  changed: number;
  serverLoadSeconds: number;
  full: HarvestRunFigures;
  incremental: HarvestRunFigures;
}

/** The figures of a one-source CLI report; throws if the run did not succeed, since its numbers would mislead. */
export function runFigures(report: HarvestRunReport, wallSeconds: number): HarvestRunFigures {
  const [run] = report.runs;
  if (run?.status !== 'succeeded') throw new Error(`the harvest did not succeed: ${run?.status ?? 'no run'} (${run?.reason ?? ''})`);
  const { requests, pages, resources, bytes, added, updated, deleted } = run.totals;
  return {
    mode: run.mode,
    requests,
    pages,
    resources,
    bytes,
    added,
    updated,
    deleted,
    runSeconds: (Date.parse(run.finishedAt!) - Date.parse(run.startedAt)) / 1000,
    totalSeconds: report.seconds,
    wallSeconds,
    rolesRebuilt: report.indexUpdates.reduce((sum, update) => sum + update.rolesRebuilt, 0),
    documents: report.documentsIndexed,
  };
}

export function formatHarvestTable(results: readonly HarvestDatasetFigures[]): string {
  const header = ['dataset', 'served', 'changed', 'run', 'mode', 'requests', 'pages', 'resources', 'MB', 'added', 'updated', 'run s', 'total s', 'roles rebuilt', 'documents'];
  const rows = results.flatMap((result) =>
    (['full', 'incremental'] as const).map((name) => {
      const run = result[name];
      return [
        result.dataset,
        String(result.served),
        String(result.changed),
        name,
        run.mode,
        String(run.requests),
        String(run.pages),
        String(run.resources),
        (run.bytes / 2 ** 20).toFixed(1),
        String(run.added),
        String(run.updated),
        run.runSeconds.toFixed(2),
        run.totalSeconds.toFixed(2),
        String(run.rolesRebuilt),
        String(run.documents),
      ];
    }),
  );
  const shares = results.map(
    (result) =>
      `${result.dataset}: the incremental run sent ${percent(result.incremental.requests, result.full.requests)} of the full run's requests ` +
      `and took ${percent(result.incremental.runSeconds, result.full.runSeconds)} of its time`,
  );
  return [table([header, ...rows]), ...shares].join('\n');
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`).join('\n');
}
