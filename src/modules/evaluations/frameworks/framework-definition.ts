/** An evaluation framework as shipped data: areas with their topics and scored sub-questions. */
export interface FrameworkDefinition {
  key: string;
  name: string;
  areas: FrameworkAreaDefinition[];
}

export interface FrameworkAreaDefinition {
  number: number;
  title: string;
  /** The "Rubriker" the area's section of a report is organised under. */
  topics: string[];
  questions: FrameworkQuestionDefinition[];
}

export interface FrameworkQuestionDefinition {
  /** `"<area>.<n>"`, e.g. `"2.4"`. */
  code: string;
  text: string;
  maxPoints: number;
}
