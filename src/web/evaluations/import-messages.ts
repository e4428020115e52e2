import type { ImportError, ImportMessageParams, ImportWarning } from '../../modules/evaluations/report-import/parsed-report';
import { catalogue, formatNumber, MailLocale } from '../../modules/mail';

/** A piece of a message; `lang` marks text quoted from the report when the page is not Swedish. */
export interface MessagePart {
  text: string;
  lang: string | null;
}

/** A refusal or warning of the import as the page lists it, with the line of the report it concerns. */
export interface ImportMessageModel {
  line: number | null;
  parts: MessagePart[];
  /** The importer's own wording (English), shown beside ours where ours is only a heading. */
  detail: string | null;
  /** The language of the whole message when it is not the page's. */
  lang: string | null;
}

/** Params that are points, percents or sizes: written as the page writes numbers (`12,5` in Swedish). Lines and years are not. */
const POINT_PARAMS = new Set(['achieved', 'max', 'total', 'summed', 'printed', 'summedMax', 'printedMax', 'frameworkMax', 'percent', 'maxMegabytes']);
/** Params that are the report's (or the framework's) own Swedish words, quoted as they stand. */
const SWEDISH_PARAMS = new Set(['areaTitle', 'questionText', 'printedName', 'rowText', 'heading', 'previousHeading', 'reportTitle', 'frameworkTitle']);
const MARK = '\u0000';

/**
 * The catalogue's text of `key` with `params`, in parts: numbers as the locale writes them, and
 * on a page that is not Swedish, the report's own words marked as Swedish (WCAG 3.1.2).
 */
export function catalogueParts(locale: MailLocale, key: string, params: ImportMessageParams): MessagePart[] {
  const quoted: string[] = [];
  const shown: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (POINT_PARAMS.has(name) && typeof value === 'number') {
      shown[name] = formatNumber(value, locale, undefined);
    } else if (locale !== 'sv' && SWEDISH_PARAMS.has(name)) {
      // A mark the catalogue passes through, split on below; no text of a report holds NUL (the import refuses it).
      shown[name] = `${MARK}${quoted.length}${MARK}`;
      quoted.push(String(value));
    } else {
      shown[name] = value;
    }
  }
  return catalogue()
    .translate(locale, key, shown)
    .split(MARK)
    .map((piece, index) => (index % 2 === 0 ? { text: piece, lang: null } : { text: quoted[Number(piece)], lang: 'sv' }))
    .filter((part) => part.text !== '');
}

/** The key of a code's text in the catalogue; a printed percent is worded for a sub-question or for an area. */
export function importMessageKey(kind: 'errors' | 'warnings', code: string, params: ImportMessageParams): string {
  const variant = code === 'PERCENT_MISMATCH' && params.questionCode === undefined ? '_AREA' : '';
  return `import.${kind}.${code}${variant}`;
}

/** English, as the importer words it, where the catalogue cannot: marked as English on a Swedish page. */
export function importerEnglish(line: number | null, message: string, locale: MailLocale): ImportMessageModel {
  return { line, parts: [{ text: message, lang: null }], detail: null, lang: locale === 'en' ? null : 'en' };
}

/**
 * Why the import refused a report (or its file), in the page's language. A library's own reason
 * for a file it cannot read (`params.reason`, PDF.js's "Invalid PDF structure.") stays English
 * beside ours, as the detail.
 */
export function importErrorModels(errors: Partial<ImportError>[], locale: MailLocale): ImportMessageModel[] {
  const words = catalogue();
  return errors.map((error) => {
    const line = error.line ?? null;
    const key = error.code && error.params ? importMessageKey('errors', error.code, error.params) : null;
    if (!key || !words.has(locale, key)) return importerEnglish(line, error.message ?? '', locale);
    const reason = error.params!.reason;
    return { line, parts: catalogueParts(locale, key, error.params!), detail: typeof reason === 'string' && reason !== '' ? reason : null, lang: null };
  });
}

/**
 * A warning of the import in the page's language, or null for one stored before warnings carried
 * their params (the caller words those as before).
 */
export function importWarningModel(warning: ImportWarning, locale: MailLocale): ImportMessageModel | null {
  if (!warning.params) return null;
  const key = importMessageKey('warnings', warning.code, warning.params);
  if (!catalogue().has(locale, key)) return importerEnglish(warning.line ?? null, warning.message, locale);
  return { line: warning.line ?? null, parts: catalogueParts(locale, key, warning.params), detail: null, lang: null };
}

/** One of the page's own messages (not the importer's), as the list shows it. */
export function ownMessage(text: string): ImportMessageModel {
  return { line: null, parts: [{ text, lang: null }], detail: null, lang: null };
}
