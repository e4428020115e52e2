import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedMunicipality {
  /** SCB's four-digit code, leading zero kept: `"0114"`. */
  code: string;
  name: string;
  countyCode: string;
}

/** Resolved from this file so it works from `src/` (tests, ts-node) and `dist/src/` (the CSV is a build asset). */
const MUNICIPALITIES_CSV = join(__dirname, 'municipalities.csv');

let cached: ListedMunicipality[] | undefined;

/** Sweden's 290 municipalities (`code,name,county_code`), read once. */
export function loadMunicipalityList(): ListedMunicipality[] {
  cached ??= parseMunicipalityCsv(readFileSync(MUNICIPALITIES_CSV, 'utf8'));
  return cached;
}

function parseMunicipalityCsv(csv: string): ListedMunicipality[] {
  const [header, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (header?.trim() !== 'code,name,county_code') {
    throw new Error(`Unexpected header in ${MUNICIPALITIES_CSV}: ${header}`);
  }
  return rows.map((row) => {
    const [code, name, countyCode] = row.split(',').map((cell) => cell.trim());
    if (!code || !name || !countyCode) throw new Error(`Malformed row in ${MUNICIPALITIES_CSV}: ${row}`);
    return { code, name, countyCode };
  });
}
