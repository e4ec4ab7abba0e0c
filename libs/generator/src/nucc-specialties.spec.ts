import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLINICIAN_SPECIALTIES, FACILITY_SPECIALTIES, PHARMACY_SPECIALTIES } from './nucc-specialties';

// The NUCC code set beside the repository (CI clones the repo with shared/ next to it).
const NUCC_CSV = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'nucc', 'nucc_provider_taxonomy.csv');

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[++i];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (char !== '\r') field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('curated NUCC specialties', () => {
  const [header, ...rows] = parseCsv(readFileSync(NUCC_CSV, 'utf8'));
  const displayByCode = new Map(rows.map((row) => [row[header.indexOf('Code')], row[header.indexOf('Display Name')]]));

  it('reads the whole code set', () => {
    expect(displayByCode.size).toBe(874);
  });

  it.each([...CLINICIAN_SPECIALTIES, ...PHARMACY_SPECIALTIES, ...Object.values(FACILITY_SPECIALTIES).flat()].map((item) => [item.code, item.display]))(
    '%s is a NUCC code displayed as "%s"',
    (code, display) => {
      expect(displayByCode.get(code)).toBe(display);
    },
  );

  it('holds about 60 distinct clinician codes with positive weights', () => {
    const codes = new Set(CLINICIAN_SPECIALTIES.map((item) => item.code));
    expect(codes.size).toBe(CLINICIAN_SPECIALTIES.length);
    expect(codes.size).toBeGreaterThanOrEqual(55);
    expect(CLINICIAN_SPECIALTIES.every((item) => item.weight > 0)).toBe(true);
  });
});
