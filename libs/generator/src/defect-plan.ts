/**
 * The defects planted in generated directories, each one seen in real Plan-Net data
 * (../shared/data/README.md), at rates small enough to leave the directory useful and large
 * enough that a harvester, a denormalizer and an index meet every one of them at 10k+.
 * Draws come from the same seeded stream as everything else, so they are deterministic.
 */
export const DEFECT_RATES = {
  /** Share of Locations geocoded to the fallback point in Kansas (39.78373, -100.445882). */
  kansasFallbackPosition: 0.015,
  /** Share of Locations whose position lies 500+ km away, in another state. */
  positionOutsideState: 0.005,
  /** Share of addresses with a ZIP+4 postal code ("06512-2001"). */
  zipPlus4: 0.04,
  /** Share of addresses with a 9-digit postal code ("065122001"). */
  nineDigitZip: 0.04,
  /** Share of Locations whose postalCode is a JSON number: a string field, its leading zeros lost. */
  numericPostalCode: 0.002,
  /** Share of practice-group Organizations whose NPI `identifier.value` is a JSON number. */
  numericIdentifier: 0.01,
  /** Share of pharmacy Organizations with an empty address (",  00000") and a numeric identifier. */
  pharmacyEmptyAddress: 0.2,
  /** Share of Practitioners reusing the NPI of the Practitioner generated before them. */
  duplicateNpi: 0.002,
} as const;

/** The fallback point of an upstream geocoder that failed (71 Locations of the reference data). */
export const KANSAS_FALLBACK = { latitude: 39.78373, longitude: -100.445882 } as const;

/**
 * References that resolve to nothing, planted on two PractitionerRoles whatever the size:
 * an extra Location and an extra network. Both roles keep their real ones, so each still
 * yields its documents and the count of provider-locations is unchanged.
 */
export const DANGLING = {
  locationId: 'location-retired',
  networkId: 'network-retired',
  networkName: 'Retired Network',
} as const;

export type DefectName = keyof typeof DEFECT_RATES | 'danglingReferences';

export type DefectCounts = Record<DefectName, number>;

export function noDefects(): DefectCounts {
  return {
    kansasFallbackPosition: 0,
    positionOutsideState: 0,
    zipPlus4: 0,
    nineDigitZip: 0,
    numericPostalCode: 0,
    numericIdentifier: 0,
    pharmacyEmptyAddress: 0,
    duplicateNpi: 0,
    danglingReferences: 0,
  };
}
