/** US states and DC, by USPS code and by name; territories' ZIPs resolve too, but only these parse as a state in text. */
export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico',
};

/** Spelled-out and abbreviated forms that people and gazetteers use interchangeably. */
const ABBREVIATIONS: Readonly<Record<string, string>> = { saint: 'st', sainte: 'ste', mount: 'mt', fort: 'ft' };

/**
 * A place name as a key: lower case, no diacritics or punctuation, single spaces, and "Saint",
 * "Mount", "Fort" abbreviated, so "St. Louis", "saint louis" and "St Louis" meet.
 */
export function placeKey(text: string): string {
  return placeWords(text).join(' ');
}

export function placeWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => ABBREVIATIONS[word] ?? word);
}

const STATE_BY_NAME = new Map(Object.entries(US_STATES).map(([code, name]) => [placeKey(name), code]));

/**
 * Splits trailing state words off a place's words: "new haven ct" -> ["new haven", "CT"],
 * "springfield new york" -> ["springfield", "NY"]. Words that are all a state name stay a
 * city ("new york" alone is the city), so the state is split off only when words remain.
 */
export function splitState(words: readonly string[]): { city: string; state: string | null } {
  for (let span = Math.min(3, words.length - 1); span >= 1; span--) {
    const tail = words.slice(words.length - span).join(' ');
    const code = span === 1 && tail.length === 2 ? tail.toUpperCase() : STATE_BY_NAME.get(tail);
    if (code && US_STATES[code]) return { city: words.slice(0, words.length - span).join(' '), state: code };
  }
  return { city: words.join(' '), state: null };
}
