/**
 * NPI check digits. An NPI is 9 digits plus a Luhn check digit computed over the 9 digits
 * prefixed with the ISO issuer prefix 80840 (CMS, "NPI check digit" in the NPS final rule);
 * the prefix's contribution to the Luhn sum is the constant 24.
 */
const NPI_PREFIX_LUHN_SUM = 24;

/** The check digit for a 9-digit NPI body. */
export function npiCheckDigit(body: string): number {
  if (!/^\d{9}$/.test(body)) throw new RangeError(`An NPI body is 9 digits, got "${body}"`);
  let sum = NPI_PREFIX_LUHN_SUM;
  for (let i = 0; i < 9; i++) {
    let digit = body.charCodeAt(8 - i) - 48;
    // Luhn doubles every other digit starting with the one left of the check digit.
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a value is a 10-digit NPI whose last digit is its check digit. */
export function isValidNpi(value: unknown): boolean {
  return typeof value === 'string' && /^[12]\d{9}$/.test(value) && npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/**
 * The NPI numbered `index` in a series: bodies start with `leadingDigit` (1 for practitioners,
 * 2 for organizations here, so the two never collide) and are spread over the 8 remaining
 * digits by multiplying with a number coprime to 10^8, a bijection, so distinct indexes give
 * distinct NPIs without remembering the ones handed out.
 */
export function npiAt(index: number, leadingDigit: 1 | 2): string {
  const spread = (index * 48_271 + 13_579_135) % 100_000_000;
  const body = `${leadingDigit}${String(spread).padStart(8, '0')}`;
  return `${body}${npiCheckDigit(body)}`;
}
