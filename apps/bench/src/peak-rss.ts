import { readFileSync, writeFileSync } from 'node:fs';

/**
 * This process's peak resident set since the last `resetPeakRss`, in MB, from Linux's VmHWM; null
 * where /proc cannot say. The build runs in the bench process after the store was loaded, so the
 * process's lifetime peak (getrusage) would be the load's, not the build's.
 */
export function peakRssMB(): number | null {
  try {
    const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kB ? Number(kB) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts a new peak at the current resident set (`5` to clear_refs, Linux 4.0+); harmless where unsupported. */
export function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Then the peak is the process's lifetime peak: still an upper bound.
  }
}
