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
    expect(toExportRow(plan)).toMatchObject({
      area: '2',
      finding: 'Svaghet: Servicecenter eller liknande saknas\nFörbättringsmöjlighet: Utveckling av e-tjänster',
      status: 'Pågår',
      health: 'Gul',
      progress: 40,
    });
  });

  it('writes CSV with a BOM, semicolons and quoted fields where needed', () => {
    const csv = toCsv([toExportRow(plan)]).toString('utf8');
    expect(csv.startsWith('\uFEFFOmråde;Iakttagelse;Åtgärd;Ansvarig;Enhet;Slutdatum;Status;Trafikljus;Framsteg (%);Senaste kommentar\r\n')).toBe(true);
    const [, row] = csv.split('\r\n');
    expect(row).toContain(';"Inför ""servicecenter""; steg 1";Åsa Öberg;Kommunledningskontoret;2027-03-31;Pågår;Gul;40;');
  });

  it('writes a workbook with a frozen header and the due date as a date', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([toExportRow(plan)])) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Åtgärder')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(3).value).toBe('Åtgärd');
    expect(sheet.getRow(2).getCell(3).value).toBe('Inför "servicecenter"; steg 1');
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date('2027-03-31T00:00:00Z'));
    expect(sheet.getRow(2).getCell(9).value).toBe(40);
  });
});
