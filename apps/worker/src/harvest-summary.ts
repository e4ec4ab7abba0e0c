import { PLAN_NET_TYPES } from '@pds/fhir';
import type { HarvestRunReport } from '@pds/harvest';

/** Repaired resources shown per type; the run record keeps more, and --json prints them. */
const REPAIRS_SHOWN_PER_TYPE = 2;
const LABEL = { succeeded: 'OK    ', failed: 'FAILED', held: 'HELD  ', rejected: 'REJECT', running: 'RUNNING', abandoned: 'ABANDONED' } as const;

/** The CLI's human-readable summary: per source, resources per type (repaired, quarantined) and samples of both, then the index. */
export function formatHarvestSummary(report: HarvestRunReport): string {
  const lines: string[] = [];
  for (const run of report.runs) {
    lines.push(`${LABEL[run.status]} ${run.sourceUrl} (${run.mode}, ${run.totals.seconds.toFixed(1)} s, run ${run.id})`);
    for (const type of PLAN_NET_TYPES) {
      const counts = run.types[type];
      if (!counts) continue;
      const repaired = counts.repaired > 0 ? `, ${counts.repaired} repaired` : '';
      const quarantined = counts.quarantined > 0 ? `, ${counts.quarantined} quarantined` : '';
      const expired = counts.cursorExpired > 0 ? `, ${counts.cursorExpired} expired cursor${counts.cursorExpired > 1 ? 's' : ''}` : '';
      lines.push(
        `  ${type.padEnd(24)} ${String(counts.resources).padStart(8)} resources in ${counts.pages} pages, ` +
          `${counts.requests} requests${repaired}${quarantined}${expired}`,
      );
      if (counts.cursorExpiredReason) lines.push(`    expired cursor: ${counts.cursorExpiredReason}`);
    }
    const { added, updated, unchanged, deleted } = run.totals;
    lines.push(`  changes: ${added} added, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted`);
    for (const type of PLAN_NET_TYPES) {
      for (const repaired of run.repairs.filter((sample) => sample.type === type).slice(0, REPAIRS_SHOWN_PER_TYPE)) {
        lines.push(`  repaired ${type}/${repaired.id}: ${repaired.reasons.join('; ')}`);
      }
    }
    for (const quarantined of run.quarantine.slice(0, 5)) {
      lines.push(`  quarantined ${quarantined.type}/${quarantined.id ?? '?'}: ${quarantined.reason}`);
    }
    if (run.status !== 'succeeded' && run.reason) lines.push(`  ${run.status === 'held' ? 'held' : 'error'}: ${run.reason}`);
  }
  const changed = report.runs.some((run) => run.status === 'succeeded');
  const rebuilt = report.indexUpdates.reduce((sum, update) => sum + update.rolesRebuilt, 0);
  lines.push(
    changed
      ? `index: ${report.documentsIndexed} documents (${rebuilt} provider roles rebuilt)`
      : `index: unchanged (no source was harvested; the previous index is still served, ${report.documentsIndexed} documents)`,
  );
  lines.push(`total: ${report.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
