import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { loadMunicipalityList } from '../data/municipality-list';
import { SWEDISH_PASSWORD_WORDS } from './swedish-password-words';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash attack"
 * (about 10^8 guesses and more), which argon2id hashes are.
 */
const MIN_SCORE = 3;

/** Only the start of a long password is judged: enough to tell, and the estimator's time grows with length. */
const JUDGED_LENGTH = 64;

/** What the password is judged against besides the dictionaries: the user's own words. */
export interface PasswordContext {
  email?: string;
  name?: string;
}

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts with its common and English dictionaries (no Swedish one is published), widened with
 * Swedish words people build passwords from and the names of the 290 municipalities.
 */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: {
      ...common.dictionary,
      ...english.dictionary,
      swedish: SWEDISH_PASSWORD_WORDS,
      municipalities: loadMunicipalityList().map((entry) => entry.name.toLowerCase()),
    },
    maxLength: JUDGED_LENGTH,
  });
  return estimator;
}

/** The user's e-mail address and name, whole and in parts, as the estimator's own dictionary. */
function contextWords({ email, name }: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (word: string | undefined) => {
    const trimmed = word?.trim().toLowerCase();
    if (trimmed && trimmed.length >= 3) words.add(trimmed);
  };
  if (email) {
    const [local, domain] = email.split('@');
    add(email);
    add(local);
    add(local?.replace(/[._+-]+/g, ''));
    local?.split(/[._+-]+/).forEach(add);
    domain?.split('.').forEach(add);
  }
  if (name) {
    add(name);
    add(name.replace(/[\s-]+/g, ''));
    name.split(/[\s-]+/).forEach(add);
  }
  return [...words];
}

const OWN_WORDS = 'must not be built from your own name or e-mail address';

/** Letters and digits only, lower case: "Linnea.Rask-84" and "linnearask84" compare alike. */
const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The whole name or the whole local part of the address inside the password: the estimator may
 * still rate such a password well when digits and separators surround it, but it is the first
 * thing anyone who knows the user tries.
 */
function containsOwnName(password: string, { email, name }: PasswordContext): boolean {
  const candidate = compact(password);
  return [email?.split('@')[0], name].some((own) => {
    const word = own ? compact(own) : '';
    return word.length >= 4 && candidate.includes(word);
  });
}

function reasonOf(result: ZxcvbnResult): string {
  const warning = result.feedback.warning?.replace(/\.$/, '');
  const suggestion = result.feedback.suggestions[0]?.replace(/\.$/, '');
  const why = warning ?? 'it follows a pattern that is quick to guess';
  return `is too easy to guess: ${why}${suggestion && suggestion !== warning ? ` (${suggestion.charAt(0).toLowerCase()}${suggestion.slice(1)})` : ''}`;
}

/** Why a password is too weak (to follow "password "), or null when it is acceptable. */
export function passwordWeakness(password: string, context: PasswordContext = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (containsOwnName(password, context)) return OWN_WORDS;
  const result = passwordEstimator().check(password, contextWords(context));
  if (result.score >= MIN_SCORE) return null;
  const ownWord = result.sequence.find((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs');
  if (ownWord) return OWN_WORDS;
  return reasonOf(result);
}
