import type { PlaceResolver } from '@pds/places';
import { UnknownPlaceError } from '@pds/places';
import type { GeoRadius as SearchRadius } from '@pds/search';
import type { GeoRadius } from './provider-filter.input';
import { userInputError } from './user-input.error';

export const MAX_RADIUS_KM = 500;
export const KM_PER_MILE = 1.609344;
const MAX_RADIUS_MILES = MAX_RADIUS_KM / KM_PER_MILE;

/** Where `near` was resolved, as the API reports it back. */
export interface ResolvedOrigin {
  latitude: number;
  longitude: number;
  label: string;
}

const given = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Turns a GeoRadius input (coordinates, a ZIP or a place; km or miles) into the search port's
 * circle and the origin to report. Every refusal names the field path and what is accepted;
 * an unknown place carries its "did you mean" suggestions in `extensions.suggestions`.
 */
export function resolveNear(near: GeoRadius, places: PlaceResolver, path = 'filter.near'): { near: SearchRadius; origin: ResolvedOrigin } {
  const origin = resolveOrigin(near, places, path);
  return { near: { latitude: origin.latitude, longitude: origin.longitude, radiusKm: radiusKm(near, path) }, origin };
}

function resolveOrigin(near: GeoRadius, places: PlaceResolver, path: string): ResolvedOrigin {
  const coordinates = given(near.latitude) || given(near.longitude);
  const ways = [coordinates, given(near.postalCode), given(near.place)].filter(Boolean).length;
  if (ways !== 1) {
    throw userInputError(`${path}: give exactly one of latitude + longitude, postalCode or place (got ${ways === 0 ? 'none' : 'more than one'})`);
  }
  if (coordinates) {
    const { latitude, longitude } = near;
    if (!given(latitude) || !given(longitude)) throw userInputError(`${path}: latitude and longitude go together; give both`);
    if (!(latitude! >= -90 && latitude! <= 90)) throw userInputError(`${path}.latitude: ${latitude} is not a latitude; accepted: -90 to 90`);
    if (!(longitude! >= -180 && longitude! <= 180)) {
      throw userInputError(`${path}.longitude: ${longitude} is not a longitude; accepted: -180 to 180`);
    }
    return { latitude: latitude!, longitude: longitude!, label: `${latitude}, ${longitude}` };
  }
  try {
    return given(near.postalCode) ? places.postalCode(near.postalCode!) : places.place(near.place!);
  } catch (error) {
    if (!(error instanceof UnknownPlaceError)) throw error;
    const field = given(near.postalCode) ? 'postalCode' : 'place';
    throw userInputError(`${path}.${field}: ${error.message}`, { suggestions: error.suggestions });
  }
}

function radiusKm(near: GeoRadius, path: string): number {
  if (given(near.radiusKm) === given(near.radiusMiles)) {
    throw userInputError(`${path}: give exactly one of radiusKm or radiusMiles`);
  }
  if (given(near.radiusKm)) {
    const km = near.radiusKm!;
    if (!(km > 0 && km <= MAX_RADIUS_KM)) throw userInputError(`${path}.radiusKm: ${km}; accepted: greater than 0 and at most ${MAX_RADIUS_KM}`);
    return km;
  }
  const miles = near.radiusMiles!;
  if (!(miles > 0 && miles <= MAX_RADIUS_MILES)) {
    throw userInputError(`${path}.radiusMiles: ${miles}; accepted: greater than 0 and at most ${MAX_RADIUS_MILES.toFixed(2)}`);
  }
  return miles * KM_PER_MILE;
}
