import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeText } from './report-file';

const REPORTS = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reports');

describe('decodeText', () => {
  const utf8 = readFileSync(join(REPORTS, 'avesta-2014.txt'));

  it('reads single-byte text, whose å, ä and ö are one byte each, as such and not as damaged UTF-8', () => {
    // Without "”", "–" or "•" no byte falls in 0x80–0x9F, so it is told as ISO-8859-1.
    const text = utf8.toString('utf8').replace(/[•”–]/g, '-');
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ format: 'text', encoding: 'ISO-8859-1', text });
  });

  it('refuses UTF-8 with one stray Latin-1 byte, naming its line, instead of reading every å as two letters', () => {
    const at = utf8.indexOf('Område 3');
    // "é" as one Latin-1 byte, before the first "Område 3" (in the table of contents).
    const damaged = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xe9]), utf8.subarray(at)]);
    const line = utf8.subarray(0, at).toString('utf8').split('\n').length;
    expect(() => decodeText(damaged)).toThrow(`it is UTF-8 but for one byte that is not, the first on line ${line}: save it again as UTF-8`);
  });
});
