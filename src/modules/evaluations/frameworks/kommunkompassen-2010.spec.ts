import { FRAMEWORKS } from '.';
import { KOMMUNKOMPASSEN_2010 } from './kommunkompassen-2010';

describe('KOMMUNKOMPASSEN_2010', () => {
  const { areas } = KOMMUNKOMPASSEN_2010;
  const questions = areas.flatMap((area) => area.questions);

  it('is shipped under its key', () => {
    expect(KOMMUNKOMPASSEN_2010.key).toBe('kommunkompassen-2010');
    expect(KOMMUNKOMPASSEN_2010.name).toBe('KommunKompassen 2010');
    expect(FRAMEWORKS).toContain(KOMMUNKOMPASSEN_2010);
  });

  it('has the eight areas in order, each with its topics', () => {
    expect(areas.map((area) => area.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(areas.map((area) => area.title)).toEqual([
      'Offentlighet och demokrati',
      'Tillgänglighet och brukarorientering',
      'Politisk styrning och kontroll',
      'Ledarskap, ansvar och delegation',
      'Resultat och effektivitet',
      'Kommunen som arbetsgivare - personalpolitik',
      'Verksamhetsutveckling',
      'Kommunen som samhällsbyggare',
    ]);
    expect(areas.map((area) => area.topics.length)).toEqual([4, 6, 5, 6, 6, 6, 5, 6]);
    expect(areas[0].topics[0]).toBe('Strategi för demokratiutveckling och information');
    expect(areas[7].topics.at(-1)).toBe('Hållbar utveckling');
  });

  it('has 45 sub-questions numbered within their area', () => {
    expect(questions).toHaveLength(45);
    expect(new Set(questions.map((question) => question.code)).size).toBe(45);
    for (const area of areas) {
      expect(area.questions.map((question) => question.code)).toEqual(area.questions.map((_, index) => `${area.number}.${index + 1}`));
    }
    expect(questions.find((question) => question.code === '8.4')).toEqual({
      code: '8.4',
      text: 'Vilken är kommunens roll i utveckling av näringslivet?',
      maxPoints: 15,
    });
  });

  it('gives each area 100 points and the whole 800', () => {
    expect(areas.map((area) => area.questions.reduce((sum, question) => sum + question.maxPoints, 0))).toEqual(Array(8).fill(100));
    expect(questions.reduce((sum, question) => sum + question.maxPoints, 0)).toBe(800);
  });
});
