import { isValidNpi, npiAt, npiCheckDigit } from './npi-check-digit';

describe('NPI check digits', () => {
  it('computes the check digit of the CMS worked example (123456789 -> 3)', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length, a leading digit other than 1 or 2, and non-strings', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('3234567893')).toBe(false);
    expect(isValidNpi(1234567893)).toBe(false);
  });

  it('numbers valid, distinct NPIs, practitioners apart from organizations', () => {
    const practitioners = Array.from({ length: 50_000 }, (_, index) => npiAt(index, 1));
    const organizations = Array.from({ length: 50_000 }, (_, index) => npiAt(index, 2));
    expect(practitioners.every(isValidNpi) && organizations.every(isValidNpi)).toBe(true);
    expect(new Set([...practitioners, ...organizations]).size).toBe(100_000);
    expect(practitioners.every((npi) => npi.startsWith('1'))).toBe(true);
  });
});
