/**
 * Tolerant readers for harvested JSON. Payer data breaks FHIR's types (numbers for strings,
 * an object where an array belongs), so every field is read through these and whatever cannot
 * be read becomes null or empty instead of an exception.
 */
export type JsonObject = Record<string, unknown>;

export interface Coding {
  system: string | null;
  code: string;
  display: string | null;
}

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** An array's items; a lone value is read as a one-item array, as lenient servers emit it. */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** Trimmed, non-empty text; a finite number is accepted and stringified. */
export function asText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** A finite number; numeric strings are accepted. */
export function asNumber(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** The readable codings of a CodeableConcept; the concept's `text` stands in for a missing display. */
export function codings(concept: unknown): Coding[] {
  const object = asObject(concept);
  if (!object) return [];
  const text = asText(object.text);
  return asArray(object.coding).flatMap((item) => {
    const coding = asObject(item);
    const code = asText(coding?.code);
    if (!coding || !code) return [];
    return [{ system: asText(coding.system), code, display: asText(coding.display) ?? text }];
  });
}

/** Distinct values by key, first occurrence wins. */
export function distinctBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
