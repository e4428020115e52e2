import ExcelJS from 'exceljs';
import { catalogue } from '../../mail';
import type { ActionPlanView } from '../plans/action-plan.dto';

/** The sheet is in Swedish, with the same words for statuses and traffic lights as pages and e-mails. */
const label = (group: string, value: string) => catalogue().translate('sv', `${group}.${value}`);

/** One row per action plan, in the words a Swedish reader of the sheet expects. */
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

export const EXPORT_COLUMNS: { key: keyof ExportRow; header: string; width: number }[] = [
  { key: 'area', header: 'Område', width: 10 },
  { key: 'finding', header: 'Fynd', width: 50 },
  { key: 'title', header: 'Åtgärd', width: 45 },
  { key: 'owner', header: 'Ansvarig', width: 24 },
  { key: 'unit', header: 'Enhet', width: 24 },
  { key: 'dueDate', header: 'Slutdatum', width: 12 },
  { key: 'status', header: 'Status', width: 12 },
  { key: 'health', header: 'Trafikljus', width: 11 },
  { key: 'progress', header: 'Framsteg (%)', width: 13 },
  { key: 'latestComment', header: 'Senaste kommentar', width: 60 },
];

export function toExportRow(plan: ActionPlanView): ExportRow {
  const areas = [...new Set(plan.findings.map((finding) => finding.areaNumber))].sort((a, b) => a - b);
  return {
    area: areas.join(', '),
    finding: plan.findings.map((finding) => `${label('kind', finding.kind)}: ${finding.text}`).join('\n'),
    title: plan.title,
    owner: plan.owner.name,
    unit: plan.unit ?? '',
    dueDate: plan.dueDate,
    status: label('status', plan.status),
    health: plan.health ? label('health', plan.health) : '',
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
export function toCsv(rows: ExportRow[]): Buffer {
  const lines = [EXPORT_COLUMNS.map((column) => column.header), ...rows.map((row) => EXPORT_COLUMNS.map((column) => row[column.key]))];
  return Buffer.from(`\uFEFF${lines.map((line) => line.map(csvField).join(';')).join('\r\n')}\r\n`, 'utf8');
}

/** A workbook with a frozen header row, due dates as real dates and progress as numbers. */
export async function toXlsx(rows: ExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Handlingsplan';
  const sheet = workbook.addWorksheet('Åtgärder', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map(({ key, header, width }) => ({ key, header, width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow({ ...row, dueDate: new Date(`${row.dueDate}T00:00:00Z`) });
  }
  sheet.getColumn('dueDate').numFmt = 'yyyy-mm-dd';
  sheet.getColumn('finding').alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn('latestComment').alignment = { wrapText: true, vertical: 'top' };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
