import type { PlaceResolver } from '@pds/places';
import { UnknownPlaceError } from '@pds/places';
import { InvalidQueryError, type GeoRadius as SearchRadius, validateNear } from '@pds/search';
import type { GeoRadius } from './provider-filter.model';

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
 * circle and the origin to report; the search library checks the circle's ranges. Every refusal
 * is an InvalidQueryError naming the field path and what is accepted; an unknown place carries
 * its "did you mean" suggestions (`extensions.suggestions`).
 */
export function resolveNear(near: GeoRadius, places: PlaceResolver, path = 'filter.near'): { near: SearchRadius; origin: ResolvedOrigin } {
  const origin = resolveOrigin(near, places, path);
  const circle = { latitude: origin.latitude, longitude: origin.longitude, radiusKm: radiusKm(near, path) };
  validateNear(circle, path);
  return { near: circle, origin };
}

function resolveOrigin(near: GeoRadius, places: PlaceResolver, path: string): ResolvedOrigin {
  const coordinates = given(near.latitude) || given(near.longitude);
  const ways = [coordinates, given(near.postalCode), given(near.place)].filter(Boolean).length;
  if (ways !== 1) {
    throw new InvalidQueryError(path, `give exactly one of latitude + longitude, postalCode or place (got ${ways === 0 ? 'none' : 'more than one'})`);
  }
  if (coordinates) {
    const { latitude, longitude } = near;
    if (!given(latitude) || !given(longitude)) throw new InvalidQueryError(path, 'latitude and longitude go together; give both');
    return { latitude: latitude!, longitude: longitude!, label: `${latitude}, ${longitude}` };
  }
  try {
    return given(near.postalCode) ? places.postalCode(near.postalCode!) : places.place(near.place!);
  } catch (error) {
    if (!(error instanceof UnknownPlaceError)) throw error;
    const field = given(near.postalCode) ? 'postalCode' : 'place';
    throw new InvalidQueryError(`${path}.${field}`, error.message, { suggestions: error.suggestions });
  }
}

function radiusKm(near: GeoRadius, path: string): number {
  if (given(near.radiusKm) === given(near.radiusMiles)) {
    throw new InvalidQueryError(path, 'give exactly one of radiusKm or radiusMiles');
  }
  if (given(near.radiusKm)) {
    const km = near.radiusKm!;
    if (!(km > 0 && km <= MAX_RADIUS_KM)) throw new InvalidQueryError(`${path}.radiusKm`, `${km}; accepted: greater than 0 and at most ${MAX_RADIUS_KM}`);
    return km;
  }
  const miles = near.radiusMiles!;
  if (!(miles > 0 && miles <= MAX_RADIUS_MILES)) {
    throw new InvalidQueryError(`${path}.radiusMiles`, `${miles}; accepted: greater than 0 and at most ${MAX_RADIUS_MILES.toFixed(2)}`);
  }
  return miles * KM_PER_MILE;
}
