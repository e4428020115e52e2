import { ApiProperty } from '@nestjs/swagger';

export class CountsByStatus {
  @ApiProperty() planned: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() completed: number;
  @ApiProperty() cancelled: number;
}

export class CountsByHealth {
  @ApiProperty({ description: 'grön' }) on_track: number;
  @ApiProperty({ description: 'gul' }) at_risk: number;
  @ApiProperty({ description: 'röd' }) off_track: number;
  @ApiProperty({ description: 'No progress update yet' }) none: number;
}

export class ScoreSummary {
  @ApiProperty() achievedPoints: number;
  @ApiProperty() maxPoints: number;
  @ApiProperty() percent: number;
}

export class FindingCoverage {
  @ApiProperty({ description: 'Improvement opportunities and weaknesses not dismissed' }) needingAction: number;
  @ApiProperty({ description: 'Of those, linked to at least one action plan that is not cancelled' }) covered: number;
  @ApiProperty() uncovered: number;
  @ApiProperty({ description: 'Dismissed with a reason: handled, not covered' }) dismissed: number;
}

export class PlanCounts {
  @ApiProperty({ type: CountsByStatus }) byStatus: CountsByStatus;
  @ApiProperty({ type: CountsByHealth, description: 'Active plans (planned or in progress) by traffic light' }) byHealth: CountsByHealth;
}

export class PlansInSeveralAreas {
  @ApiProperty({ description: 'Action plans linked to findings in more than one area' }) all: number;
  @ApiProperty({ description: 'Of those, the active ones (planned or in progress)' }) active: number;
}

export class DashboardArea {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: ScoreSummary, nullable: true }) score: ScoreSummary | null;
  @ApiProperty({ type: FindingCoverage }) findings: FindingCoverage;
  @ApiProperty({
    type: PlanCounts,
    description:
      'Every action plan linked to a finding in this area, whichever evaluation the finding belongs to. A plan with findings in several areas is counted in each of them.',
  })
  actionPlans: PlanCounts;
}

export class DashboardEvaluation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() conductedOn: string;
}

export class DashboardAttention {
  @ApiProperty() active: number;
  @ApiProperty() overdue: number;
  @ApiProperty() dueSoon: number;
  @ApiProperty() stale: number;
}

export class NextEvaluation {
  @ApiProperty({ example: '2027-10-01' }) date: string;
  @ApiProperty({ description: 'Negative once the date has passed' }) daysLeft: number;
}

export class DashboardView {
  @ApiProperty({ type: DashboardEvaluation, nullable: true, description: 'The latest published evaluation' }) evaluation: DashboardEvaluation | null;
  @ApiProperty({ type: [DashboardArea] }) areas: DashboardArea[];
  @ApiProperty({ type: ScoreSummary, nullable: true }) score: ScoreSummary | null;
  @ApiProperty({ type: FindingCoverage }) findings: FindingCoverage;
  @ApiProperty({ type: PlanCounts, description: "All the municipality's action plans, each counted once" }) actionPlans: PlanCounts;
  @ApiProperty({
    type: PlansInSeveralAreas,
    description: "Plans counted in more than one area's row: the areas' counts add up to the totals plus these plans' extra areas",
  })
  plansInSeveralAreas: PlansInSeveralAreas;
  @ApiProperty({ type: DashboardAttention }) attention: DashboardAttention;
  @ApiProperty({ type: NextEvaluation, nullable: true }) nextEvaluation: NextEvaluation | null;
}
