import type { FrameworkAreaDefinition, FrameworkDefinition } from '../frameworks/framework-definition';
import type { ImportError, ImportWarning, ParsedAreaTotal, ParsedScore } from './parsed-report';
import { comparable } from './report-document';
import type { AreaScoreTable, PrintedNumber, ScoreTables, SumRow } from './score-tables';

// Section 4: which framework the score tables follow, and whether their figures fit it and add up.

/** The framework whose sub-questions the tables cover best; area titles break ties. */
export function recogniseFramework(tables: ScoreTables, frameworks: FrameworkDefinition[], errors: ImportError[]): FrameworkDefinition | null {
  const codes = [...tables.areas.values()].flatMap((table) => table.questions.map((question) => question.code));
  let best: { framework: FrameworkDefinition; questions: number; titles: number } | null = null;
  for (const framework of frameworks) {
    const known = new Set(framework.areas.flatMap((area) => area.questions.map((question) => question.code)));
    const questions = codes.filter((code) => known.has(code)).length;
    const titles = framework.areas.filter((area) => {
      const title = tables.areas.get(area.number)?.title;
      return title !== null && title !== undefined && comparable(title) === comparable(area.title);
    }).length;
    if (questions + titles === 0) continue;
    if (!best || questions > best.questions || (questions === best.questions && titles > best.titles)) {
      best = { framework, questions, titles };
    }
  }
  if (!best) {
    const names = frameworks.map((framework) => framework.name).join(', ') || 'none configured';
    errors.push({
      line: null,
      code: 'FRAMEWORK_NOT_RECOGNISED',
      params: { frameworks: frameworks.map((framework) => framework.name).join(', ') },
      message: `The score tables in section 4 match no known framework (known: ${names})`,
    });
    return null;
  }
  return best.framework;
}

interface CheckedScores {
  scores: ParsedScore[];
  areaTotals: ParsedAreaTotal[];
}

export function checkScores(tables: ScoreTables, framework: FrameworkDefinition, warnings: ImportWarning[], errors: ImportError[]): CheckedScores {
  const checked: CheckedScores = { scores: [], areaTotals: [] };
  for (const row of tables.unreadable) {
    errors.push({
      line: row.line,
      code: 'SCORE_ROW_UNREADABLE',
      params: { questionCode: row.code, rowText: row.text },
      message: `The row for sub-question ${row.code} could not be read (expected text, achieved points, max and percent): "${row.text}"`,
    });
  }
  for (const table of tables.areas.values()) {
    if (!framework.areas.some((area) => area.number === table.areaNumber)) {
      errors.push({
        line: table.headerLine ?? table.questions[0]?.line ?? null,
        code: 'AREA_NOT_IN_FRAMEWORK',
        params: { areaNumber: table.areaNumber, framework: framework.name },
        message: `Area ${table.areaNumber} is not part of ${framework.name}`,
      });
    }
  }
  for (const area of framework.areas) {
    const table = tables.areas.get(area.number);
    if (!table || table.questions.length === 0) {
      errors.push({
        line: table?.headerLine ?? null,
        code: 'AREA_WITHOUT_SCORE_ROWS',
        params: { areaNumber: area.number, areaTitle: area.title },
        message: `Area ${area.number} (${area.title}) has no score rows in section 4`,
      });
      continue;
    }
    checked.scores.push(...checkAreaQuestions(table, area, framework, warnings, errors));
    const total = checkAreaTotal(table, area, warnings, errors);
    if (total) checked.areaTotals.push(total);
  }
  if (tables.grandTotal) checkGrandTotal(tables.grandTotal, checked.areaTotals, warnings);
  return checked;
}

function checkAreaQuestions(
  table: AreaScoreTable,
  area: FrameworkAreaDefinition,
  framework: FrameworkDefinition,
  warnings: ImportWarning[],
  errors: ImportError[],
): ParsedScore[] {
  const scores: ParsedScore[] = [];
  const seen = new Map<string, number>();
  for (const row of table.questions) {
    const question = area.questions.find((candidate) => candidate.code === row.code);
    if (!question) {
      errors.push({
        line: row.line,
        code: 'QUESTION_NOT_IN_FRAMEWORK',
        params: { questionCode: row.code, framework: framework.name },
        message: `Sub-question ${row.code} is not part of ${framework.name}`,
      });
      continue;
    }
    const firstLine = seen.get(row.code);
    if (firstLine !== undefined) {
      errors.push({
        line: row.line,
        code: 'QUESTION_TWICE',
        params: { questionCode: row.code, firstLine, secondLine: row.line },
        message: `Sub-question ${row.code} appears twice in section 4 (lines ${firstLine} and ${row.line})`,
      });
      continue;
    }
    seen.set(row.code, row.line);
    if (row.achieved.value > row.max.value) {
      errors.push({
        line: row.line,
        code: 'POINTS_ABOVE_MAX',
        params: { questionCode: row.code, achieved: row.achieved.value, max: row.max.value },
        message: `Sub-question ${row.code}: ${row.achieved.value} points achieved exceed its max of ${row.max.value}`,
      });
    }
    if (row.max.value !== question.maxPoints) {
      warnings.push({
        code: 'MAX_POINTS_MISMATCH',
        params: { questionCode: row.code, printedMax: row.max.value, frameworkMax: question.maxPoints, framework: framework.name },
        message: `Sub-question ${row.code}: the report gives a max of ${row.max.value} points, ${framework.name} has ${question.maxPoints}`,
        areaNumber: area.number,
        questionCode: row.code,
        line: row.line,
      });
    }
    if (row.percent && !percentFitsPoints(row.percent, row.achieved, row.max)) {
      warnings.push({
        code: 'PERCENT_MISMATCH',
        params: { questionCode: row.code, percent: row.percent.value, achieved: row.achieved.value, max: row.max.value },
        message: `Sub-question ${row.code}: ${row.percent.value} % cannot come from ${row.achieved.value} of ${row.max.value} points`,
        areaNumber: area.number,
        questionCode: row.code,
        line: row.line,
      });
    }
    scores.push({
      questionCode: row.code,
      achievedPoints: row.achieved.value,
      maxPoints: row.max.value,
      reportedPercent: row.percent?.value ?? null,
      line: row.line,
    });
  }
  for (const question of area.questions) {
    if (!seen.has(question.code)) {
      errors.push({
        line: table.sum?.line ?? table.headerLine,
        code: 'QUESTION_MISSING',
        params: { questionCode: question.code, questionText: question.text, areaNumber: area.number, areaTitle: area.title },
        message: `Sub-question ${question.code} ("${question.text}") is missing from the score table of area ${area.number} (${area.title})`,
      });
    }
  }
  return scores;
}

function checkAreaTotal(
  table: AreaScoreTable,
  area: FrameworkAreaDefinition,
  warnings: ImportWarning[],
  errors: ImportError[],
): ParsedAreaTotal | null {
  const label = `Area ${area.number} (${area.title})`;
  const sum = table.sum;
  if (!sum) {
    const lastRow = table.questions[table.questions.length - 1];
    errors.push({
      line: lastRow.line,
      code: 'AREA_WITHOUT_SUM_ROW',
      params: { areaNumber: area.number, areaTitle: area.title },
      message: `${label} has no sum row after its sub-questions in section 4`,
    });
    return null;
  }
  const rowsTotal = roundTo(
    table.questions.reduce((total, row) => total + row.achieved.value, 0),
    2,
  );
  const rowsMax = roundTo(
    table.questions.reduce((total, row) => total + row.max.value, 0),
    2,
  );
  // As for a sub-question: points above the max are no score at all, whatever the rows say.
  if (sum.total.value > sum.max.value) {
    errors.push({
      line: sum.line,
      code: 'AREA_SUM_ABOVE_MAX',
      params: { areaNumber: area.number, areaTitle: area.title, total: sum.total.value, max: sum.max.value },
      message: `${label}: the sum row prints ${sum.total.value} points, above its max of ${sum.max.value}`,
    });
  }
  // Compared as printed: the report's own figures disagreeing is exactly what a reader must see.
  if (rowsTotal !== sum.total.value) {
    warnings.push({
      code: 'AREA_SUM_MISMATCH',
      params: { areaNumber: area.number, areaTitle: area.title, summed: rowsTotal, printed: sum.total.value },
      message: `${label}: the sub-question rows add up to ${rowsTotal} points, the report prints ${sum.total.value}`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (rowsMax !== sum.max.value) {
    warnings.push({
      code: 'AREA_MAX_MISMATCH',
      params: { areaNumber: area.number, areaTitle: area.title, summedMax: rowsMax, printedMax: sum.max.value },
      message: `${label}: the sub-questions' max points add up to ${rowsMax}, the report prints ${sum.max.value}`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (sum.percent && !percentFitsPoints(sum.percent, sum.total, sum.max)) {
    warnings.push({
      code: 'PERCENT_MISMATCH',
      params: { areaNumber: area.number, areaTitle: area.title, percent: sum.percent.value, achieved: sum.total.value, max: sum.max.value },
      message: `${label}: ${sum.percent.value} % cannot come from ${sum.total.value} of ${sum.max.value} points`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (table.title !== null && comparable(table.title) !== comparable(area.title)) {
    warnings.push({
      code: 'AREA_TITLE_MISMATCH',
      params: { areaNumber: area.number, reportTitle: table.title, frameworkTitle: area.title },
      message: `Area ${area.number} is titled "${table.title}" in the report and "${area.title}" in the framework`,
      areaNumber: area.number,
      line: table.headerLine ?? undefined,
    });
  }
  return {
    areaNumber: area.number,
    title: table.title ?? area.title,
    reportedTotal: sum.total.value,
    reportedMax: sum.max.value,
    reportedPercent: sum.percent?.value ?? null,
  };
}

function checkGrandTotal(grandTotal: SumRow, areaTotals: ParsedAreaTotal[], warnings: ImportWarning[]): void {
  const total = roundTo(
    areaTotals.reduce((sum, area) => sum + area.reportedTotal, 0),
    2,
  );
  if (total !== grandTotal.total.value) {
    warnings.push({
      code: 'TOTAL_MISMATCH',
      params: { summed: total, printed: grandTotal.total.value },
      message: `The area totals add up to ${total} points, the report prints a total of ${grandTotal.total.value}`,
      line: grandTotal.line,
    });
  }
}

/**
 * Whether a printed percent can be the rounding of achieved / max, given that the achieved
 * points are themselves printed rounded (to the precision they are printed with). The max is a
 * framework constant and taken as exact. Avesta 8.4: 13 of 15 is 86.7 %, but 12.5 of 15 is
 * 83.3 %, so the printed 83 % fits.
 */
function percentFitsPoints(percent: PrintedNumber, achieved: PrintedNumber, max: PrintedNumber): boolean {
  if (max.value <= 0) return false;
  const pointsSlack = halfUnit(achieved);
  const percentSlack = halfUnit(percent);
  const lowest = (100 * Math.max(0, achieved.value - pointsSlack)) / max.value - percentSlack;
  const highest = (100 * (achieved.value + pointsSlack)) / max.value + percentSlack;
  const epsilon = 1e-9;
  return percent.value >= lowest - epsilon && percent.value <= highest + epsilon;
}

function halfUnit(printed: PrintedNumber): number {
  return 0.5 / 10 ** printed.decimals;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
