/**
 * Parse time of the Avesta report (DESIGN §8: importing it takes ≤ 50 ms).
 *
 *   npx ts-node --swc scripts/bench-import.ts [runs]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FRAMEWORKS } from '../src/modules/evaluations/frameworks';
import { parseReport } from '../src/modules/evaluations/report-import/report-parser';
import { loadMunicipalityList } from '../src/modules/identity/data/municipality-list';

const TARGET_MS = 50;
const WARM_UP_RUNS = 20;
const runs = Number(process.argv[2] ?? 200);

const text = readFileSync(join(__dirname, '../test/fixtures/reports/avesta-2014.txt'), 'utf8');
const context = { frameworks: FRAMEWORKS, municipalities: loadMunicipalityList() };

function timeOneParse(): number {
  const start = performance.now();
  const result = parseReport(text, context);
  const elapsed = performance.now() - start;
  if (!result.ok) throw new Error(`The Avesta report did not parse: ${JSON.stringify(result.errors)}`);
  return elapsed;
}

// The first parse also builds the municipality name pattern, which is cached per list.
const firstParseMs = timeOneParse();
for (let run = 1; run < WARM_UP_RUNS; run++) timeOneParse();
const timings = Array.from({ length: runs }, timeOneParse).sort((a, b) => a - b);

const percentile = (fraction: number) => timings[Math.min(timings.length - 1, Math.ceil(fraction * timings.length) - 1)];
const median = percentile(0.5);
const p95 = percentile(0.95);

console.log(`Avesta report, ${text.length} characters, ${runs} parses after ${WARM_UP_RUNS} warm-up parses`);
console.log(
  `first parse ${firstParseMs.toFixed(2)} ms, median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target ≤ ${TARGET_MS} ms)`,
);
if (p95 > TARGET_MS) process.exitCode = 1;
