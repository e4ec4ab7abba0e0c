import { readFileSync } from 'node:fs';

/**
 * This process's own peak resident set in MB, from Linux's VmHWM; null where /proc cannot say.
 * getrusage's maxRSS is not its own: Linux carries it over the fork and exec that start a child,
 * so it was at least the parent's resident set at that moment.
 */
export function peakRssMB(): number | null {
  try {
    const kB = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kB ? Number(kB) / 1024 : null;
  } catch {
    return null;
  }
}
