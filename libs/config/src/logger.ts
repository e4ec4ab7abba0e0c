import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (pino): one line per event, machine-readable in any deployment. */
export function createLogger(level: string, name = 'pds'): Logger {
  return pino({ name, level });
}
