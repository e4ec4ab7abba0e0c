import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { QueryClass } from './bench-query';
import type { LatencySummary } from './percentiles';
import type { ServeMessage } from './serve-child';

export interface ServingFigures {
  /** Spawn of a fresh node process to its first answered query (includes node start and module loading). */
  restartSeconds: number;
  /** EmbeddedSearchIndex.open() alone, measured inside the child. */
  openSeconds: number;
  documents: number;
  /** Peak resident set size of the serving child's own address space (VmHWM where /proc has it). */
  maxRssMB: number;
  latencies: Record<QueryClass, LatencySummary>;
  totals: Record<QueryClass, number[]>;
  suggest: LatencySummary;
}

/** Runs serve-child in a fresh process against the built index and collects what it measured. */
export function probeServing(indexDir: string, queriesFile: string, rounds: number): Promise<ServingFigures> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    let ready: Extract<ServeMessage, { type: 'ready' }> | null = null;
    let readyAt = 0;
    let settled = false;
    const child = fork(join(__dirname, 'serve-child.js'), [indexDir, queriesFile, String(rounds)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: ServeMessage) => {
      if (message.type === 'ready') {
        readyAt = performance.now();
        ready = message;
      } else if (message.type === 'error') {
        settled = true;
        reject(new Error(`serving child failed: ${message.message}`));
      } else if (ready) {
        settled = true;
        resolvePromise({
          restartSeconds: (readyAt - started) / 1000,
          openSeconds: ready.openMs / 1000,
          documents: ready.documents,
          maxRssMB: message.maxRssMB,
          latencies: message.latencies,
          totals: message.totals,
          suggest: message.suggest,
        });
      }
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`serving child exited (${signal ?? code}) before reporting`));
    });
  });
}
