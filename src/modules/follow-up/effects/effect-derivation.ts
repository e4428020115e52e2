import { localDate } from '../../../common/local-date';
import type { Effect } from '../../action-plans/plans/action-plan.constants';
import { roundPoints, ScoresByCode } from '../score-maps';

/**
 * Whether a plan can have had a part in a follow-up's scores: it must have existed when the
 * follow-up evaluation was conducted (created on or before `conductedOn`, that day counted in the
 * municipality's time zone). A plan decided on later keeps the effect `unknown`.
 */
export function existedWhenConducted(createdAt: Date, conductedOn: string, timeZone: string): boolean {
  return localDate(createdAt, timeZone) <= conductedOn;
}

/**
 * The effect of an action plan from its target sub-questions' score change between the
 * evaluation its findings belong to and the follow-up: the net change over the targets that
 * both evaluations scored decides (up: improved, down: declined, none: unchanged). Without a
 * target, or without a score on either side for any target, it is unknown: the plan named
 * nothing to measure it by.
 */
export function deriveEffect(targetCodes: readonly string[], before: ScoresByCode, after: ScoresByCode): Effect {
  let compared = 0;
  let net = 0;
  for (const code of targetCodes) {
    const was = before.get(code);
    const is = after.get(code);
    if (was === null || was === undefined || is === null || is === undefined) continue;
    compared += 1;
    net += is - was;
  }
  if (compared === 0) return 'unknown';
  const change = roundPoints(net);
  return change > 0 ? 'improved' : change < 0 ? 'declined' : 'unchanged';
}
