/**
 * Swedish words and names that people build passwords from, most common first (zxcvbn ranks a
 * word by its place in the list). zxcvbn-ts publishes no Swedish dictionary; this short list
 * covers what its English ones miss: the words a Swedish user reaches for first.
 */
export const SWEDISH_PASSWORD_WORDS: string[] = [
  'lösenord', 'losenord', 'sommar', 'hejsan', 'hejhej', 'sverige', 'kärlek', 'karlek', 'älskar', 'alskar',
  'vinter', 'våren', 'varen', 'hösten', 'hosten', 'välkommen', 'valkommen', 'hemlig', 'hemligt', 'mamma',
  'pappa', 'mormor', 'farmor', 'morfar', 'farfar', 'fotboll', 'hockey', 'innebandy', 'midsommar', 'julafton',
  'tomten', 'jultomte', 'semester', 'stockholm', 'göteborg', 'goteborg', 'malmö', 'malmo', 'uppsala', 'svenska',
  'kommun', 'kommunen', 'förvaltning', 'forvaltning', 'kontoret', 'jobbet', 'arbete', 'åtgärd', 'utveckling', 'kvalitet',
  'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag', 'januari', 'februari', 'mars',
  'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december', 'katten',
  'hunden', 'hästen', 'blomma', 'solsken', 'regnbåge', 'stjärna', 'månsken', 'hallon', 'jordgubbe', 'blåbär',
  'lingon', 'kanelbulle', 'fika', 'kaffe', 'glass', 'godis', 'prinsessa', 'älskling', 'gubben', 'gumman',
  'kalleanka', 'bamse', 'pippi', 'zlatan', 'trekronor', 'volvo', 'saab', 'ikea', 'abba', 'hammarby',
  'djurgården', 'aik', 'blåvitt', 'malmöff', 'anna', 'eva', 'maria', 'karin', 'kerstin', 'lena',
  'ingrid', 'marie', 'sara', 'emma', 'linnea', 'elsa', 'astrid', 'maja', 'wilma', 'ebba',
  'erik', 'lars', 'karl', 'anders', 'johan', 'per', 'nils', 'mikael', 'lennart', 'olof',
  'gustav', 'oskar', 'axel', 'ludvig', 'hugo', 'elias', 'svensson', 'andersson', 'johansson', 'karlsson',
  'nilsson', 'eriksson', 'larsson', 'olsson', 'persson', 'lindqvist',
];
