/** Another municipality named as a good example, as every answer shows it. */
export interface ReferenceView {
  id: string;
  evaluationId: string;
  areaNumber: number;
  municipalityCode: string;
  municipalityName: string;
  sentence: string;
}

/** The stored columns a view is made from. */
export interface ReferenceRow {
  id: string;
  evaluationId: string;
  areaNumber: number;
  referencedCode: string;
  referencedName: string;
  sentence: string;
}

export function toReferenceView(row: ReferenceRow): ReferenceView {
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    areaNumber: row.areaNumber,
    municipalityCode: row.referencedCode,
    municipalityName: row.referencedName,
    sentence: row.sentence,
  };
}
