/** The three scores of an area the chart compares. */
export const SERIES = ['before', 'projected', 'after'] as const;
export type Series = (typeof SERIES)[number];

export interface ComparedArea {
  label: string;
  maxPoints: number;
  /** Points per series; null where the evaluation has no score. */
  points: Record<Series, number | null>;
}

/** Geometry of a grouped bar chart, computed here so the template only places shapes. */
export interface ComparisonChart {
  width: number;
  height: number;
  labelWidth: number;
  barWidth: number;
  groups: {
    label: string;
    labelY: number;
    bars: { series: Series; y: number; width: number; textX: number; textY: number; text: string }[];
  }[];
  gridLines: { x: number; label: string }[];
  legend: { series: Series; x: number; textX: number }[];
  legendY: number;
}

const BAR = 12;
const GAP = 2;
const GROUP_GAP = 14;
const LABEL_WIDTH = 110;
const BAR_WIDTH = 400;
const TOP = 24;
const LEGEND = 28;

/**
 * Before, projected and after per area as shares of the area's maximum, on one 0–100 % scale,
 * each bar with its points written beside it; the same figures are in the table beside the chart.
 */
export function comparisonChart(
  areas: ComparedArea[],
  formatPoints: (points: number) => string,
  percentLabel: (fraction: number) => string,
  noScore: string,
): ComparisonChart {
  const groupHeight = SERIES.length * (BAR + GAP) + GROUP_GAP;
  const groups = areas.map((area, index) => {
    const top = TOP + index * groupHeight;
    return {
      label: area.label,
      labelY: top + (SERIES.length * (BAR + GAP)) / 2 + 4,
      bars: SERIES.map((series, position) => {
        const points = area.points[series];
        const fraction = points === null || area.maxPoints <= 0 ? 0 : Math.max(0, Math.min(1, points / area.maxPoints));
        const width = Math.round(fraction * BAR_WIDTH);
        const y = top + position * (BAR + GAP);
        return { series, y, width, textX: LABEL_WIDTH + width + 6, textY: y + BAR - 2, text: points === null ? noScore : formatPoints(points) };
      }),
    };
  });
  const chartBottom = TOP + areas.length * groupHeight;
  return {
    width: LABEL_WIDTH + BAR_WIDTH + 70,
    height: chartBottom + LEGEND,
    labelWidth: LABEL_WIDTH,
    barWidth: BAR_WIDTH,
    groups,
    gridLines: [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({ x: LABEL_WIDTH + fraction * BAR_WIDTH, label: percentLabel(fraction) })),
    legend: SERIES.map((series, index) => ({ series, x: LABEL_WIDTH + index * 140, textX: LABEL_WIDTH + index * 140 + 18 })),
    legendY: chartBottom + 8,
  };
}
