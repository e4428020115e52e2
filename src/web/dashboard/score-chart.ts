/** One bar: an area's share of its maximum points. */
export interface ScoreBar {
  label: string;
  /** 0–1 */
  fraction: number;
  /** The share as the page writes it, e.g. "51 %". */
  text: string;
}

/** Geometry of a horizontal bar chart, computed here so the template only places shapes. */
export interface ScoreChart {
  width: number;
  height: number;
  labelWidth: number;
  barWidth: number;
  rows: { y: number; textY: number; width: number; label: string; text: string; textX: number }[];
  gridLines: { x: number; label: string }[];
}

const ROW = 30;
const LABEL_WIDTH = 110;
const BAR_WIDTH = 420;
const TOP = 24;

/** Bars of equal scale (0–100 %), with grid lines every 25 %; the numbers also go in a table. */
export function scoreChart(bars: ScoreBar[], percentLabel: (fraction: number) => string): ScoreChart {
  return {
    width: LABEL_WIDTH + BAR_WIDTH + 70,
    height: TOP + bars.length * ROW + 8,
    labelWidth: LABEL_WIDTH,
    barWidth: BAR_WIDTH,
    rows: bars.map((bar, index) => {
      const width = Math.round(Math.max(0, Math.min(1, bar.fraction)) * BAR_WIDTH);
      return { y: TOP + index * ROW + 4, textY: TOP + index * ROW + 20, width, label: bar.label, text: bar.text, textX: LABEL_WIDTH + width + 6 };
    }),
    gridLines: [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({ x: LABEL_WIDTH + fraction * BAR_WIDTH, label: percentLabel(fraction) })),
  };
}
