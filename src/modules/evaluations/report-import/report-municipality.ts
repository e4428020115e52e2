import type { ImportError, ImportWarning } from './parsed-report';
import { collapseSpaces, comparable, escapeRegExp, lineNumberAt, type SourceDocument } from './report-document';

// Which municipality a report evaluates, and when.

export interface MunicipalityIndex {
  list: { code: string; name: string }[];
  byComparableName: Map<string, { code: string; name: string }>;
  mentionPattern: RegExp;
}

const municipalityIndexes = new WeakMap<object, MunicipalityIndex>();

export function municipalityIndex(list: { code: string; name: string }[]): MunicipalityIndex {
  const cached = municipalityIndexes.get(list);
  if (cached) return cached;
  // Longest first, so "Upplands Väsby" wins over any shorter name at the same place.
  const alternatives = [...list]
    .sort((a, b) => b.name.length - a.name.length)
    .map((municipality) => escapeRegExp(municipality.name).replace(/ /g, '\\s+'));
  const index: MunicipalityIndex = {
    list,
    byComparableName: new Map(list.map((municipality) => [comparable(municipality.name), municipality])),
    // Whole words only; a trailing "s" is the genitive ("Karlstads kommun", "Eskilstunas ledarskap").
    mentionPattern: new RegExp(`(?<![\\p{L}\\p{N}-])(${alternatives.join('|')})(s?)(?![\\p{L}\\p{N}-])`, 'gu'),
  };
  municipalityIndexes.set(list, index);
  return index;
}

/** Names whose form before "kommun" is neither the name nor its genitive: "Falu kommun" is Falun's. */
const FORMS_BEFORE_KOMMUN = new Map([['falu', 'falun']]);

function lookUpMunicipality(index: MunicipalityIndex, printedName: string): { code: string; name: string } | undefined {
  const name = comparable(printedName.replace(/^region\s+/i, ''));
  return (
    index.byComparableName.get(FORMS_BEFORE_KOMMUN.get(name) ?? name) ??
    (name.endsWith('s') ? index.byComparableName.get(name.slice(0, -1)) : undefined)
  );
}

/**
 * Where a report names the municipality it evaluates, most telling first. A municipality may call
 * itself a city: "Västerås stad", "Göteborgs Stad".
 */
const OWN_MUNICIPALITY_PATTERNS: RegExp[] = [
  /Utvärderingen\s+av\s+([^.!?]{2,40}?)\s+(?:kommun|stad)\s+genomfördes/iu,
  /Utvärderingen\s+av\s+(Region\s+Gotland)\s+genomfördes/iu,
  /ANALYS\s+AV\s+([^.!?]{2,40}?)\s+(?:KOMMUN|STAD)(?![\p{L}])/u,
  /^[ \t]*\d?[ \t]*([^.!?\n\t]{2,40}?)\s+(?:kommun|stad)\s+i\s+förhållande\s+till\s+Kommunkompassen/imu,
  /KommunKompassen\s+([^.!?\n\t]{2,40}?)\s+(?:kommun|stad)\s+(?:19|20)\d{2}/iu,
];

/** The first pattern that matches decides: a name it gives that is not in the list is an error, not a cue to look further. */
export function identifyMunicipality(
  document: SourceDocument,
  index: MunicipalityIndex,
  errors: ImportError[],
): { code: string; name: string } | null {
  for (const pattern of OWN_MUNICIPALITY_PATTERNS) {
    const match = pattern.exec(document.text);
    if (!match) continue;
    const printedName = collapseSpaces(match[1]);
    const municipality = lookUpMunicipality(index, printedName);
    if (!municipality) {
      errors.push({
        line: lineNumberAt(document, match.index),
        code: 'MUNICIPALITY_UNKNOWN',
        params: { printedName, municipalityCount: index.list.length },
        message: `The report evaluates "${printedName}", which is not in the list of Sweden's ${index.list.length} municipalities`,
      });
    }
    return municipality ?? null;
  }
  errors.push({
    line: null,
    code: 'MUNICIPALITY_NOT_NAMED',
    params: {},
    message:
      'The report does not name the evaluated municipality (expected a sentence such as "Utvärderingen av Avesta kommun genomfördes …" or a cover line "ANALYS AV AVESTA KOMMUN")',
  });
  return null;
}

const MONTH_NAMES = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
const MONTHS = MONTH_NAMES.join('|');
/** "3 december", "3–5 december", "3 och 4 december": days before a month are read past. */
const DAYS = '\\d{1,2}\\.?(?:\\s*(?:[–-]|och)\\s*\\d{1,2}\\.?)?';
/**
 * "genomfördes i december år 2014", "genomfördes den 3–5 december 2014", "genomfördes i
 * november–december 2014" or "27 oktober–2 november 2014" (the month it began), "genomfördes
 * 2014-12-03", or the year alone.
 */
const CONDUCTED_DATE =
  `genomfördes\\s+(?:under\\s+|i\\s+|på\\s+|den\\s+)?` +
  `(?:(?:${DAYS}\\s+)?(?<month>${MONTHS})(?:\\s*[–-]\\s*(?:\\d{1,2}\\.?\\s+)?(?:${MONTHS}))?\\s+)?` +
  `(?:år\\s+)?(?<year>(?:19|20)\\d{2})(?:-(?<numericMonth>0[1-9]|1[0-2])-[0-3]\\d)?(?!\\d)`;
/**
 * "Utvärderingen av Avesta kommun genomfördes i december år 2014", else the first "genomfördes
 * under 2014" or "genomfördes i mars 2016": a follow-up report may first mention the earlier one.
 */
const CONDUCTED_IN_PATTERNS: RegExp[] = [
  new RegExp(`Utvärderingen\\s+av\\s+[^.!?]{2,60}?\\s+${CONDUCTED_DATE}`, 'iu'),
  new RegExp(CONDUCTED_DATE, 'iu'),
];
/** The year alone, on the cover ("2014") or in a title line ("KommunKompassen Avesta kommun 2014"). */
const COVER_YEAR = /^(?:[ \t]*(?:19|20)\d{2}[ \t]*|.*KommunKompassen.*\s((?:19|20)\d{2}))$/imu;

export function identifyDate(
  document: SourceDocument,
  warnings: ImportWarning[],
  errors: ImportError[],
): { year: number; month: number | null } | null {
  const conducted = firstMatch(CONDUCTED_IN_PATTERNS, document.text);
  if (conducted) {
    const { month: monthName, numericMonth, year } = conducted.groups!;
    const month = monthName ? MONTH_NAMES.indexOf(monthName.toLowerCase()) + 1 : numericMonth ? Number(numericMonth) : null;
    if (month === null) warnings.push(monthNotStated(Number(year), lineNumberAt(document, conducted.index)));
    return { year: Number(year), month };
  }
  const frontMatter = document.lines
    .slice(0, 40)
    .map((line) => line.text)
    .join('\n');
  const cover = COVER_YEAR.exec(frontMatter);
  if (cover) {
    const year = Number(cover[1] ?? cover[0].trim());
    warnings.push(monthNotStated(year, lineNumberAt(document, cover.index)));
    return { year, month: null };
  }
  errors.push({
    line: null,
    code: 'DATE_NOT_STATED',
    params: {},
    message: 'The report does not say when the evaluation was made (expected a sentence such as "… genomfördes i december år 2014")',
  });
  return null;
}

function firstMatch(patterns: RegExp[], text: string): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match;
  }
  return null;
}

function monthNotStated(year: number, line: number): ImportWarning {
  return {
    code: 'MONTH_NOT_STATED',
    params: { year },
    message: `The report gives the year ${year} but not the month of the evaluation; it is dated January ${year}`,
    line,
  };
}
