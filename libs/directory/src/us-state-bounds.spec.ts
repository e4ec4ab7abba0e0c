import { kmOutsideState } from './us-state-bounds';

describe('kmOutsideState', () => {
  it('is 0 inside the state box and grows outside it', () => {
    expect(kmOutsideState('CT', { latitude: 41.76, longitude: -72.68 })).toBe(0);
    expect(kmOutsideState('ct', { latitude: 41.76, longitude: -72.68 })).toBe(0);
    // Kansas' geographic centre, from Connecticut: well over 1,500 km.
    expect(kmOutsideState('CT', { latitude: 39.78373, longitude: -100.445882 })).toBeGreaterThan(1500);
    expect(kmOutsideState('KS', { latitude: 39.78373, longitude: -100.445882 })).toBe(0);
  });

  it('covers Alaska on both sides of the antimeridian', () => {
    expect(kmOutsideState('AK', { latitude: 52.9, longitude: 173.2 })).toBe(0);
    expect(kmOutsideState('AK', { latitude: 61.2, longitude: -149.9 })).toBe(0);
  });

  it('is null for an unknown state code', () => {
    expect(kmOutsideState('XX', { latitude: 0, longitude: 0 })).toBeNull();
  });
});
