/** The value of one series in a Prometheus text exposition, e.g. `pds_index_documents` or `x_count{call="search"}`; null when absent. */
export function metricValue(exposition: string, series: string): number | null {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

/** Every series of a metric family with its labels, as written. */
export function seriesOf(exposition: string, name: string): string[] {
  return exposition.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}
