import { percentOf } from './evaluation-report';

describe('percentOf', () => {
  it('rounds a half up, as the report and the dashboard do: 452 of 800 points is 57 %', () => {
    expect(percentOf(452, 800)).toBe(57);
    expect(percentOf(404, 800)).toBe(51);
    expect(percentOf(1, 8)).toBe(13);
    expect(percentOf(0, 800)).toBe(0);
    expect(percentOf(800, 800)).toBe(100);
    expect(percentOf(3, 0)).toBe(0);
  });

  it('agrees with exact integer arithmetic for every score in hundredths of a point', () => {
    // The exact answer, in whole numbers only: round(100·a/m) with a half up is ⌊(200·a + m) / 2m⌋.
    const exact = (hundredthsAchieved: number, hundredthsMax: number) => Math.floor((200 * hundredthsAchieved + hundredthsMax) / (2 * hundredthsMax));
    for (const max of [800, 100, 40, 25, 20, 15, 12.5, 10, 7.5, 5]) {
      const hundredthsMax = Math.round(max * 100);
      for (let hundredths = 0; hundredths <= hundredthsMax; hundredths += 1) {
        const achieved = hundredths / 100;
        if (percentOf(achieved, max) !== exact(hundredths, hundredthsMax)) {
          throw new Error(`${achieved} of ${max}: ${percentOf(achieved, max)} %, exactly ${exact(hundredths, hundredthsMax)} %`);
        }
      }
    }
  });
});
