import { PLAN_NET_TYPES } from '@pds/fhir';
import type { HarvestRunReport } from '@pds/harvest';

/** The CLI's human-readable summary of a run: per source, resources per type, then the index. */
export function formatHarvestSummary(report: HarvestRunReport): string {
  const lines: string[] = [];
  for (const source of report.sources) {
    lines.push(`${source.ok ? 'OK    ' : 'FAILED'} ${source.source} (${source.seconds.toFixed(1)} s)`);
    for (const type of PLAN_NET_TYPES) {
      const counts = source.types[type];
      if (!counts) continue;
      const quarantined = counts.quarantined > 0 ? `, ${counts.quarantined} quarantined` : '';
      lines.push(`  ${type.padEnd(24)} ${String(counts.resources).padStart(8)} resources in ${counts.pages} pages${quarantined}`);
    }
    if (source.error) lines.push(`  error: ${source.error}`);
  }
  lines.push(
    report.documentsIndexed === null
      ? 'index: unchanged (no source was harvested; the previous index is still served)'
      : `index: ${report.documentsIndexed} documents`,
  );
  lines.push(`total: ${report.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
