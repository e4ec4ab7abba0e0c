import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { ClinicianFactory } from './clinician-factory';
import type { DefectCounts } from './defect-plan';
import { GenerationContext } from './generation-context';
import { NdjsonDirectoryWriter } from './ndjson-directory-writer';
import { generatePayers } from './payer-catalog';
import { emitFacility, FACILITIES, PHARMACY } from './facility-builder';
import { PracticeGroupBuilder } from './practice-group-builder';
import { SeededRandom, WeightedPicker } from './seeded-random';
import { UsGeography } from './us-zip-geography';

export interface GenerateOptions {
  /**
   * Provider-locations to generate: PractitionerRole × practice Location pairs, the documents
   * the directory builds. Met exactly: the last role is given fewer sites when needed.
   */
  providers: number;
  /** Any integer from 0 to 2^32 - 1; the same seed writes byte-identical files. */
  seed: number;
  /** Directory to write `<Type>.ndjson` into; created when missing, its Plan-Net files replaced. */
  out: string;
}

export interface GenerationReport {
  seed: number;
  providerLocations: number;
  resources: Record<PlanNetType, number>;
  defects: DefectCounts;
  /** Bytes written, all files together. */
  bytes: number;
  seconds: number;
}

/** One pharmacy per this many provider-locations (the US has about one per 17 clinicians). */
const PROVIDER_LOCATIONS_PER_PHARMACY = 50;
/** One hospital, urgent care center, laboratory or behavioral health center per this many. */
const PROVIDER_LOCATIONS_PER_FACILITY = 100;

/**
 * Writes a synthetic Plan-Net provider directory as FHIR bulk-data NDJSON: payers, networks
 * and plans; practice groups with their sites, services and clinicians; pharmacies; hospitals,
 * urgent care centers, laboratories and behavioral health centers; and the
 * defects of `DEFECT_RATES`. Deterministic from the seed (for a given version of the ZIP and
 * city packages), and streamed: memory holds one practice group at a time, whatever the size.
 */
export async function generateDirectory(options: GenerateOptions): Promise<GenerationReport> {
  const { providers, seed, out } = options;
  if (!Number.isSafeInteger(providers) || providers < 1) throw new RangeError(`providers must be an integer >= 1, got ${providers}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer 0..4294967295, got ${seed}`);

  const started = performance.now();
  const context = new GenerationContext(new SeededRandom(seed), UsGeography.load());
  const writer = await NdjsonDirectoryWriter.open(out);
  const emit = writer.write.bind(writer);
  let providerLocations = 0;
  try {
    const payers = generatePayers(context, emit);
    const clinicians = new ClinicianFactory(context, {
      location: Math.ceil(providers / 3),
      network: Math.ceil((2 * providers) / 3),
    });
    const groups = new PracticeGroupBuilder(context, payers, clinicians);
    while (clinicians.providerLocations < providers) {
      groups.build(providers - clinicians.providerLocations, emit);
      await writer.flush();
    }
    providerLocations = clinicians.providerLocations;
    const pharmacies = Math.ceil(providers / PROVIDER_LOCATIONS_PER_PHARMACY);
    for (let index = 1; index <= pharmacies; index++) {
      emitFacility(context, payers, PHARMACY, index, emit);
      if (index % 1000 === 0) await writer.flush();
    }
    const facilities = Math.ceil(providers / PROVIDER_LOCATIONS_PER_FACILITY);
    const kinds = new WeightedPicker(FACILITIES, (facility) => facility.weight);
    for (let index = 1; index <= facilities; index++) {
      emitFacility(context, payers, kinds.pick(context.random).profile, index, emit);
      if (index % 1000 === 0) await writer.flush();
    }
  } finally {
    await writer.close();
  }
  const sizes = await Promise.all(PLAN_NET_TYPES.map((type) => stat(join(out, `${type}.ndjson`))));
  return {
    seed,
    providerLocations,
    resources: writer.written(),
    defects: context.defects,
    bytes: sizes.reduce((sum, { size }) => sum + size, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
