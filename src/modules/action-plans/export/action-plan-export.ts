import ExcelJS from 'exceljs';
import { catalogue, MailLocale } from '../../mail';
import type { ActionPlanView } from '../plans/action-plan.dto';
import { areasOf } from '../plans/plan-areas';

/**
 * The sheet's headers, statuses and traffic lights are in the reader's language, with the same
 * words as pages and e-mails; what people wrote (findings, titles, comments) stays as written.
 */
const label = (locale: MailLocale, group: string, value: string) => catalogue().translate(locale, `${group}.${value}`);

/** One row per action plan, in the words the reader of the sheet expects. */
export interface ExportRow {
  area: string;
  finding: string;
  title: string;
  owner: string;
  unit: string;
  dueDate: string;
  status: string;
  health: string;
  progress: number;
  latestComment: string;
}

const COLUMN_WIDTHS: Record<keyof ExportRow, number> = {
  area: 10,
  finding: 50,
  title: 45,
  owner: 24,
  unit: 24,
  dueDate: 12,
  status: 12,
  health: 11,
  progress: 13,
  latestComment: 60,
};

/** The columns in order, each with its header in `locale` (`export.columns.*` in the catalogue). */
export function exportColumns(locale: MailLocale): { key: keyof ExportRow; header: string; width: number }[] {
  return (Object.keys(COLUMN_WIDTHS) as (keyof ExportRow)[]).map((key) => ({ key, header: catalogue().translate(locale, `export.columns.${key}`), width: COLUMN_WIDTHS[key] }));
}

export function toExportRow(plan: ActionPlanView, locale: MailLocale): ExportRow {
  return {
    area: areasOf(plan),
    finding: plan.findings.map((finding) => `${label(locale, 'kind', finding.kind)}: ${finding.text}`).join('\n'),
    title: plan.title,
    owner: plan.owner.name,
    unit: plan.unit ?? '',
    dueDate: plan.dueDate,
    status: label(locale, 'status', plan.status),
    health: plan.health ? label(locale, 'health', plan.health) : '',
    progress: plan.progress,
    latestComment: plan.latestComment ?? '',
  };
}

/**
 * A spreadsheet reads a cell that starts with one of these as a formula (`=HYPERLINK(…)`,
 * `+cmd|…`, `@SUM(…)`), also after a tab or carriage return. Such text gets a leading apostrophe,
 * which Excel and LibreOffice show as plain text (OWASP's advice for CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\r\n\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `;`-separated UTF-8 with a byte order mark, which is what Swedish Excel opens correctly. */
export function toCsv(rows: ExportRow[], locale: MailLocale): Buffer {
  const columns = exportColumns(locale);
  const lines = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => row[column.key]))];
  return Buffer.from(`\uFEFF${lines.map((line) => line.map(csvField).join(';')).join('\r\n')}\r\n`, 'utf8');
}

/** A workbook with a frozen header row, due dates as real dates and progress as numbers. */
export async function toXlsx(rows: ExportRow[], locale: MailLocale): Promise<Buffer> {
  const columns = exportColumns(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Handlingsplan';
  const sheet = workbook.addWorksheet(catalogue().translate(locale, 'export.sheetName'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow({ ...row, dueDate: new Date(`${row.dueDate}T00:00:00Z`) });
  }
  sheet.getColumn('dueDate').numFmt = 'yyyy-mm-dd';
  sheet.getColumn('finding').alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn('latestComment').alignment = { wrapText: true, vertical: 'top' };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
