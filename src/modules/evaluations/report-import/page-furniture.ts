// Running headers and footers, found by repetition rather than by a list of phrases.

/** A line must recur at least this often to be taken for page furniture. */
const MIN_REPEATS = 3;
const DIGITS = /\d+/g;
const LETTERS = /\p{L}{2,}/u;
/** One word before numbers alone: a labelled table row ("Summa 52 100 52%") or a page number ("Sida 7"). */
const ONE_WORD_THEN_NUMBERS = /^\p{L}+:?\s[^\p{L}]*$/u;

/**
 * The indexes of the lines that are page furniture: "Sveriges Kommuner och Landsting 2015-01-16
 * 12 (26)", "Sida 7 av 30", "Avesta kommun – KommunKompassen 2014", "- 7 -".
 *
 * Lines are compared with their numbers masked. A line with words and numbers is furniture when it
 * recurs at least three times: content does not repeat itself like that. A line of numbers alone
 * ("7", "12 (26)") is furniture only where it runs on as page numbers do (7, 8, 9 …): an area's
 * points printed on a line of their own recur too, but never as such a run. A line of one word
 * and then numbers alone ("Sida 7", "Summa 52 100 52%") is furniture where it runs on so, or
 * recurs unchanged ("KommunKompassen 2014"): an area's sum row labelled "Summa" recurs with
 * other numbers each time.
 */
export function findPageFurniture(compactLines: string[]): Set<number> {
  const occurrences = new Map<string, { index: number; numbers: number[] }[]>();
  compactLines.forEach((line, index) => {
    if (line === '' || !/\d/.test(line) || line.length > 160) return;
    const key = line.toLowerCase().replace(DIGITS, '#');
    const list = occurrences.get(key) ?? [];
    list.push({ index, numbers: (line.match(DIGITS) ?? []).map(Number) });
    occurrences.set(key, list);
  });

  const furniture = new Set<number>();
  for (const [key, list] of occurrences) {
    if (list.length < MIN_REPEATS) continue;
    const members = !LETTERS.test(key) ? pageNumberRun(list) : ONE_WORD_THEN_NUMBERS.test(key) ? [...pageNumberRun(list), ...unchanged(list)] : list;
    for (const member of members) furniture.add(member.index);
  }
  return furniture;
}

/** The members whose numbers recur, all of them, at least MIN_REPEATS times. */
function unchanged<T extends { numbers: number[] }>(list: T[]): T[] {
  const byNumbers = new Map<string, T[]>();
  for (const member of list) {
    const key = member.numbers.join(' ');
    byNumbers.set(key, [...(byNumbers.get(key) ?? []), member]);
  }
  return [...byNumbers.values()].filter((members) => members.length >= MIN_REPEATS).flat();
}

/** Page numbers on consecutive lines are not page numbers. */
const MIN_LINES_PER_PAGE = 2;

/**
 * The members of runs, in document order, whose first number grows by one from member to member
 * (7, 8, 9 …), at least a few lines apart, with any other numbers constant ("7 (26)", "8 (26)"),
 * and that are at least MIN_REPEATS long. A row of points that wrapped onto a line of its own
 * ("8 15 50%") does not run like that.
 */
function pageNumberRun<T extends { index: number; numbers: number[] }>(list: T[]): T[] {
  const follows = (earlier: T, later: T) =>
    later.numbers[0] === earlier.numbers[0] + 1 &&
    later.numbers.slice(1).join(' ') === earlier.numbers.slice(1).join(' ') &&
    later.index - earlier.index >= MIN_LINES_PER_PAGE;
  // The longest run ending at each member, and the longest starting at it.
  const ending = list.map(() => 1);
  for (let position = 0; position < list.length; position++) {
    for (let earlier = 0; earlier < position; earlier++) {
      if (follows(list[earlier], list[position])) ending[position] = Math.max(ending[position], ending[earlier] + 1);
    }
  }
  const starting = list.map(() => 1);
  for (let position = list.length - 1; position >= 0; position--) {
    for (let later = position + 1; later < list.length; later++) {
      if (follows(list[position], list[later])) starting[position] = Math.max(starting[position], starting[later] + 1);
    }
  }
  return list.filter((_, position) => ending[position] + starting[position] - 1 >= MIN_REPEATS);
}
