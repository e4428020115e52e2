import type { AreaSection } from './area-sections';
import type { ParsedReference } from './parsed-report';
import { collapseSpaces, comparable, type SourceLine } from './report-document';
import type { MunicipalityIndex } from './report-municipality';

// References: other municipalities named as examples.

/**
 * A sentence refers to another municipality when it names it next to one of these cues.
 * The list follows how the reports phrase it: "ett gott exempel", "kan tjäna som goda exempel",
 * "Inspiration kan hämtas från", "X är en kommun som", "X och Y är två kommuner som", "är en av
 * de kommuner som ligger längst fram", "Kommuner som … är bl.a. X", "flera kommuner att titta på".
 * A bare list of names ("Nacka, Upplands Väsby och Karlstad.") counts when the sentence before it
 * has a cue; the reference then quotes both sentences.
 */
const EXAMPLE_CUES = new RegExp(
  `(?<![\\p{L}])(?:${[
    '(?:gott|goda|bra|intressanta?)\\s+exempel',
    'tjäna\\s+som',
    'inspiration',
    'förebild\\p{L}*',
    'är\\s+(?:en|två|tre|fyra|fem|några|ett\\s+par)\\s+(?:av\\s+(?:de|flera)\\s+)?kommun(?:er)?\\s+(?:som|med|där)',
    'kommuner\\s+som',
    'titta\\s+på',
    'ligger\\s+(?:längst|långt)\\s+fram',
    'lära\\s+(?:sig\\s+)?(?:av|från)',
    'kommit\\s+långt',
  ].join('|')})(?![\\p{L}])`,
  'iu',
);
/** What may stand between the names of a bare list. */
const LIST_FILLER = /^[\s,.;:!?()"”'–-]*(?:(?:och|samt|eller|bl\.\s?a\.|t\.\s?ex\.|exempelvis|till\s+exempel)[\s,.;:!?()"”'–-]*)*$/iu;
/**
 * Names that are also ordinary words ("Vara", "Mark", "Berg", "Lund" …): at the start of a sentence
 * they count only when followed by "kommun", a comma or "och" and another capitalised name.
 */
const WORDLIKE_NAMES = new Set([
  'Ale',
  'Berg',
  'Boden',
  'Eda',
  'Kil',
  'Lund',
  'Mark',
  'Mora',
  'Nora',
  'Orsa',
  'Sala',
  'Trosa',
  'Vara',
  'Åre',
]);
const NAME_IN_LIST_CONTEXT = /^s?\s*(?:kommuns?(?![\p{L}])|,|och\s+\p{Lu})/u;

interface MunicipalityMention {
  municipality: { code: string; name: string };
  start: number;
  end: number;
}

export function findReferences(section: AreaSection, index: MunicipalityIndex, ownCode: string): ParsedReference[] {
  const references: ParsedReference[] = [];
  const seen = new Set<string>();
  let previous: { sentence: string; hasCue: boolean } | null = null;
  for (const paragraph of readParagraphs(section.prose)) {
    for (const sentence of splitSentences(paragraph)) {
      const hasCue = EXAMPLE_CUES.test(sentence);
      // Names are looked for only where a reference is possible, which keeps the import fast.
      if (hasCue || previous?.hasCue) {
        const mentions = findMentions(sentence, index);
        const quoted = hasCue ? sentence : previous && isBareList(sentence, mentions) ? `${previous.sentence} ${sentence}` : null;
        for (const mention of quoted ? mentions : []) {
          const key = `${mention.municipality.code}\u0000${quoted}`;
          if (mention.municipality.code === ownCode || seen.has(key)) continue;
          seen.add(key);
          references.push({
            areaNumber: section.areaNumber,
            municipalityCode: mention.municipality.code,
            municipalityName: mention.municipality.name,
            sentence: quoted ?? sentence,
          });
        }
      }
      previous = { sentence, hasCue };
    }
  }
  return references;
}

function findMentions(sentence: string, index: MunicipalityIndex): MunicipalityMention[] {
  const mentions: MunicipalityMention[] = [];
  for (const match of sentence.matchAll(index.mentionPattern)) {
    const municipality = index.byComparableName.get(comparable(match[1]));
    if (!municipality) continue;
    const start = match.index;
    const end = start + match[0].length;
    const atSentenceStart = /^[\s"“”'(]*$/u.test(sentence.slice(0, start));
    if (WORDLIKE_NAMES.has(municipality.name) && atSentenceStart && !NAME_IN_LIST_CONTEXT.test(sentence.slice(start + match[1].length))) {
      continue;
    }
    mentions.push({ municipality, start, end });
  }
  return mentions;
}

function isBareList(sentence: string, mentions: MunicipalityMention[]): boolean {
  if (mentions.length === 0) return false;
  let rest = '';
  let position = 0;
  for (const mention of mentions) {
    rest += `${sentence.slice(position, mention.start)} `;
    position = mention.end;
  }
  rest += sentence.slice(position);
  return LIST_FILLER.test(rest);
}

/** Paragraphs are separated by blank lines; one broken by a page break is put back together. */
function readParagraphs(lines: SourceLine[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const text = collapseSpaces(current.join(' '));
    current = [];
    if (text === '') return;
    const previous = paragraphs[paragraphs.length - 1];
    if (previous !== undefined && !/[.!?:;…"”)]$/u.test(previous) && /^\p{Ll}/u.test(text)) {
      paragraphs[paragraphs.length - 1] = /\p{L}-$/u.test(previous) ? previous.slice(0, -1) + text : `${previous} ${text}`;
    } else {
      paragraphs.push(text);
    }
  };
  for (const line of lines) {
    if (line.compact === '') flush();
    else current.push(line.text);
  }
  flush();
  return paragraphs;
}

/**
 * A sentence ends at . ! ? before a capital letter or digit, except after an abbreviation that
 * usually leads into a name ("bl.a. Karlskrona", "t.ex. Nacka"). "m.m.", "etc." and "osv." end lists,
 * so they may end a sentence.
 */
const SENTENCE_END = /[.!?…]+["”’)]*\s+(?=["“”'(]?[\p{Lu}\p{N}])/gu;
const ENDS_WITH_ABBREVIATION =
  /(?:^|[\s(])(?:bl\.\s?a|t\.\s?ex|s\.\s?k|d\.\s?v\.\s?s|dvs|ca|resp|jfr|inkl|exkl|fr\.\s?o\.\s?m|t\.\s?o\.\s?m|p\.\s?g\.\s?a|pga|tex|nr|kap|st)\.$/iu;

function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].trimEnd().length;
    const candidate = paragraph.slice(start, end);
    if (ENDS_WITH_ABBREVIATION.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}
