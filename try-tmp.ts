import { readFileSync } from 'node:fs';
import { parseReport } from './src/modules/evaluations/report-import/report-parser';
import { FRAMEWORKS } from './src/modules/evaluations/frameworks';
import { loadMunicipalityList } from './src/modules/identity/data/municipality-list';
const file = process.argv[2] ?? '/work/main/test/fixtures/reports/avesta-2014.txt';
const r = parseReport(readFileSync(file, 'utf8'), { frameworks: FRAMEWORKS, municipalities: loadMunicipalityList() });
if (!r.ok) { console.log(JSON.stringify(r, null, 1)); process.exit(0); }
const { scores, findings, references, areaTotals, ...rest } = r.report;
console.log(rest, r.warnings);
console.log(scores.length, scores[0], scores.at(-1));
console.log(areaTotals.map(a => `${a.areaNumber} ${a.title} ${a.reportedTotal}/${a.reportedMax} ${a.reportedPercent}`).join('\n'));
for (const f of findings) console.log(f.areaNumber, f.kind, f.position, f.text);
for (const x of references) console.log(x.areaNumber, x.municipalityName, x.municipalityCode, '|', x.sentence);
