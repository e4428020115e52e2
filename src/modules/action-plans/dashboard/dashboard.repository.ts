import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { planStateSqlWithParams } from '../plans/action-plan-states';
import type { PlanMoment } from '../plans/action-plan-states';
import type { ActionPlanStatus, Health } from '../plans/action-plan.constants';

/** Plans of one status and traffic light, and how many there are. */
export interface PlanCountRow {
  status: ActionPlanStatus;
  health: Health | null;
  plans: number;
}

/** One link of a plan to a finding, with the plan's status and light. */
export interface PlanLinkRow {
  actionPlanId: string;
  findingId: string;
  status: ActionPlanStatus;
  health: Health | null;
}

/** The dashboard's aggregate reads of the action-plan tables: a fixed number of queries. */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The municipality's plans counted by status and traffic light. */
  countsByStatusAndHealth(municipalityId: string): Promise<PlanCountRow[]> {
    return this.dataSource.query<PlanCountRow[]>(
      `SELECT "status", "health", count(*)::int AS "plans" FROM "action_plan" WHERE "municipality_id" = $1 GROUP BY "status", "health"`,
      [municipalityId],
    );
  }

  /** Every link of the municipality's plans to findings, with the plan's status and light. */
  links(municipalityId: string): Promise<PlanLinkRow[]> {
    return this.dataSource.query<PlanLinkRow[]>(
      `SELECT "l"."action_plan_id" AS "actionPlanId", "l"."finding_id" AS "findingId", "p"."status", "p"."health"
         FROM "action_plan_finding" "l" JOIN "action_plan" "p" ON "p"."id" = "l"."action_plan_id"
        WHERE "l"."municipality_id" = $1 AND "p"."municipality_id" = $1`,
      [municipalityId],
    );
  }

  /** How many of the municipality's plans are active, overdue, due soon and stale at `at`. */
  async attention(municipalityId: string, at: PlanMoment): Promise<{ active: number; overdue: number; dueSoon: number; stale: number }> {
    const params: unknown[] = [];
    const states = planStateSqlWithParams('plan', at, params);
    // An aggregate without GROUP BY: always one row.
    const [counts] = await this.dataSource.query<{ active: number; overdue: number; dueSoon: number; stale: number }[]>(
      `SELECT count(*) FILTER (WHERE ${states.active})::int AS "active", count(*) FILTER (WHERE ${states.overdue})::int AS "overdue",
              count(*) FILTER (WHERE ${states.dueSoon})::int AS "dueSoon", count(*) FILTER (WHERE ${states.stale})::int AS "stale"
         FROM "action_plan" "plan" WHERE "plan"."municipality_id" = $${params.push(municipalityId)}`,
      params,
    );
    return counts;
  }
}
