import type { StateStore } from '@pds/store';
import type { RunRecord } from '../run/run-record';
import { sourceSettingsSchema, type SourceSettings } from './source-settings';
import { InvalidSourceSettingsError, parseSourceSettings } from './source-settings-validation';
import { insecureHeadersProblem, privateTargetProblems, type SourceTargetPolicy } from './source-target-policy';
import { initialSourceStatus, type SourceStatus } from './source-status';
import { UnknownSourceError } from './source.error';

const SETTINGS = 'sources';
const STATUS = 'source-status';

/**
 * The sources the service harvests, with their settings (`sources/<id>`) and status
 * (`source-status/<id>`) in the StateStore, so every API replica and worker sees the same list.
 * Status writes are read-modify-write without a lock: one job per source (deterministic job ids)
 * makes a run's own updates sequential; an admin pause racing a run's end may lose to it.
 * Admin edits may only point a source at public addresses (unless the policy allows private ones);
 * sources the operator configures (`replace`) are trusted with that.
 */
export class SourceRegistry {
  constructor(
    private readonly state: StateStore,
    private readonly policy: SourceTargetPolicy = { allowPrivateTargets: false, allowInsecureHeaders: false },
  ) {}

  /** Every source, sorted by id. */
  async list(): Promise<SourceSettings[]> {
    const keys = await this.state.list(`${SETTINGS}/`);
    const sources = await Promise.all(keys.map((key) => this.state.get<SourceSettings>(key)));
    return sources.filter((source): source is SourceSettings => source !== null).map(withNewDefaults);
  }

  async get(id: string): Promise<SourceSettings | null> {
    if (!isSourceId(id)) return null;
    const stored = await this.state.get<SourceSettings>(settingsKey(id));
    return stored && withNewDefaults(stored);
  }

  /** Like `get`, but an unknown id throws UnknownSourceError. */
  async require(id: string): Promise<SourceSettings> {
    const source = await this.get(id);
    if (!source) throw new UnknownSourceError(id);
    return source;
  }

  /**
   * Creates or edits a source: fields left out keep their current value (defaults for a new
   * source, whose name defaults to its host); `schedule: null` clears a schedule. A base URL or
   * export origin the edit sets is resolved and refused when it is not public.
   * Throws InvalidSourceSettingsError listing every problem.
   */
  async upsert(input: unknown): Promise<SourceSettings> {
    const id = isRecord(input) ? input.id : undefined;
    const current = typeof id === 'string' ? await this.get(id) : null;
    const given = isRecord(input) ? withoutUndefined(input) : input;
    const merged = current ? { ...current, ...(given as object) } : withDefaultName(given);
    const settings = parseSourceSettings(merged);
    const moved = !current || current.baseUrl !== settings.baseUrl || current.exportOrigins.join() !== settings.exportOrigins.join();
    const problems = moved ? await privateTargetProblems(settings, this.policy) : [];
    if (problems.length > 0) throw new InvalidSourceSettingsError(problems);
    return this.save(settings);
  }

  /** Sets a source to exactly the given settings (defaults for the rest), as the config file does. */
  async replace(input: unknown): Promise<SourceSettings> {
    return this.save(parseSourceSettings(withDefaultName(input)));
  }

  /** Forgets a source's settings and status (its run records stay); false when it was unknown. */
  async remove(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false;
    await this.state.delete(settingsKey(id));
    await this.state.delete(statusKey(id));
    return true;
  }

  /** The source's status; the initial one for a source that never ran. */
  async status(id: string): Promise<SourceStatus> {
    if (!isSourceId(id)) return initialSourceStatus();
    return (await this.state.get<SourceStatus>(statusKey(id))) ?? initialSourceStatus();
  }

  async isPaused(id: string): Promise<boolean> {
    return (await this.status(id)).paused;
  }

  async pause(id: string, reason: string): Promise<SourceStatus> {
    await this.require(id);
    return this.updateStatus(id, (status) => ({ ...status, paused: true, pausedReason: reason }));
  }

  /** Unpauses and forgets past failures, so the next failure does not pause it again at once. */
  async resume(id: string): Promise<SourceStatus> {
    await this.require(id);
    return this.updateStatus(id, (status) => ({ ...status, paused: false, pausedReason: null, consecutiveFailures: 0 }));
  }

  /**
   * Called by the harvester when a run ends. A failure counts towards `pauseAfterFailures` and
   * pauses the source when reached; a success resets the count, and a complete full run moves
   * `lastCompleteFullAt`. Held and rejected runs change neither: they wait on an admin, not the payer.
   */
  async recordRunFinished(sourceId: string, run: RunRecord): Promise<SourceStatus> {
    const settings = await this.get(sourceId);
    return this.updateStatus(sourceId, (status) => {
      const next: SourceStatus = { ...status, lastRunId: run.id };
      if (run.status === 'succeeded') {
        next.consecutiveFailures = 0;
        if (run.mode === 'full' && run.complete) next.lastCompleteFullAt = run.finishedAt ?? new Date().toISOString();
      } else if (run.status === 'failed') {
        next.consecutiveFailures = status.consecutiveFailures + 1;
        if (settings && !status.paused && next.consecutiveFailures >= settings.pauseAfterFailures) {
          next.paused = true;
          next.pausedReason = `paused after ${next.consecutiveFailures} consecutive failed runs; last: ${run.reason ?? 'no reason given'}`;
        }
      }
      return next;
    });
  }

  private async save(settings: SourceSettings): Promise<SourceSettings> {
    const insecure = insecureHeadersProblem(settings, this.policy);
    if (insecure) throw new InvalidSourceSettingsError([insecure]);
    await this.state.set(settingsKey(settings.id), settings);
    return settings;
  }

  private async updateStatus(id: string, change: (status: SourceStatus) => SourceStatus): Promise<SourceStatus> {
    const next = change(await this.status(id));
    await this.state.set(statusKey(id), next);
    return next;
  }
}

/** Settings saved before a setting existed get its default (a limit, say) rather than undefined. */
function withNewDefaults(stored: SourceSettings): SourceSettings {
  return sourceSettingsSchema.parse(stored);
}

const settingsKey = (id: string) => `${SETTINGS}/${id}`;
const statusKey = (id: string) => `${STATUS}/${id}`;

function isSourceId(id: string): boolean {
  return sourceSettingsSchema.shape.id.safeParse(id).success;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// GraphQL passes an omitted optional field as undefined: it must keep the current value, not clear it.
function withoutUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function withDefaultName(input: unknown): unknown {
  if (!isRecord(input) || input.name !== undefined || typeof input.baseUrl !== 'string') return input;
  try {
    return { ...input, name: new URL(input.baseUrl).host };
  } catch {
    return input; // the baseUrl problem is reported by validation
  }
}
