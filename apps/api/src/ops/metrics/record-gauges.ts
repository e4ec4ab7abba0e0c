import { Gauge, type Registry } from 'prom-client';
import { bounded } from '../bounded';

const READ_TIMEOUT_MS = 2_000;
/** Gauges read in one scrape share one read of the records. */
const SNAPSHOT_MS = 1_000;

/** Registers a gauge whose series `fill` sets from the records at each scrape. */
export type RecordGauge<T> = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, records: T) => void) => Gauge;

/**
 * Gauges filled at scrape time from records every process shares (the process that wrote them may
 * be a worker): one read, bounded in time, serves every gauge of a scrape, and a scrape without the
 * state store still answers, just without these series.
 */
export function recordGauges<T>(registry: Registry, readRecords: () => Promise<T>, what: string): RecordGauge<T> {
  let snapshot: { at: number; records: Promise<T> } | null = null;
  const read = (): Promise<T> => {
    if (!snapshot || Date.now() - snapshot.at > SNAPSHOT_MS) snapshot = { at: Date.now(), records: bounded(readRecords(), READ_TIMEOUT_MS, what) };
    return snapshot.records;
  };
  return (name, help, labelNames, fill) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const records = await read().catch(() => null);
        if (records) fill(this, records);
      },
    });
}
