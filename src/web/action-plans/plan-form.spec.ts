import { failedRuleOf, withRule } from '../../common/errors/failed-rule';
import { atRows, findingsValue, mergeEdits, rowsToShow, targetRowsOf, targetsBodyOf, targetsValue } from './plan-form';

describe('the findings and targets of a plan form', () => {
  it('reads the rows a form sent, as typed, and sends those that are not blank', () => {
    const rows = targetRowsOf({ 'targets[0].questionCode': '', 'targets[0].expectedPoints': '', 'targets[1].questionCode': '4.5', 'targets[1].expectedPoints': ' 2,5 ' });
    expect(rows).toEqual([
      { questionCode: '', expectedPoints: '' },
      { questionCode: '4.5', expectedPoints: '2,5' },
    ]);
    expect(targetsBodyOf(rows)).toEqual({ targets: [{ questionCode: '4.5', expectedPoints: 2.5 }], rowOf: [1] });
  });

  it("names an error about a target by the row it came from, keeping the rule it failed", () => {
    const unique = withRule({ field: 'targets[0].questionCode', message: 'questionCode 4.5 appears more than once' }, 'unique');
    const [moved, dotted, other] = atRows([unique, { field: 'targets.1.expectedPoints', message: 'too many' }, { field: 'title', message: 'empty' }], [2, 3]);
    expect(moved.field).toBe('targets[2].questionCode');
    expect(failedRuleOf(moved)?.rule).toBe('unique');
    expect(dotted.field).toBe('targets[3].expectedPoints');
    expect(other.field).toBe('title');
  });

  it('shows at least the rows asked for, and always a blank one last to add a target with', () => {
    const target = { questionCode: '4.5', expectedPoints: '3' };
    const blank = { questionCode: '', expectedPoints: '' };
    expect(rowsToShow([target], 1)).toEqual([target, blank]);
    expect(rowsToShow([], 1)).toEqual([blank]);
    expect(rowsToShow([target], 3)).toEqual([target, blank, blank]);
    expect(rowsToShow([target, blank], 1)).toEqual([target, blank]);
  });

  it('compares links and targets as sets: the order ticked or typed, and a decimal comma, change nothing', () => {
    expect(findingsValue(['b', 'a'])).toBe(findingsValue(['a', 'b']));
    expect(targetsValue([{ questionCode: '8.6', expectedPoints: '2' }, { questionCode: '', expectedPoints: '' }, { questionCode: '7.4', expectedPoints: '1,5' }])).toBe(
      targetsValue([{ questionCode: '7.4', expectedPoints: '1.5' }, { questionCode: '8.6', expectedPoints: '2.0' }]),
    );
    // Someone else's new links stand when this person left the links alone.
    const shown = { findingIds: findingsValue(['a']), targets: '8.6=2' };
    expect(mergeEdits(shown, { findingIds: findingsValue(['a']), targets: '7.4=1 8.6=2' }, { findingIds: findingsValue(['a', 'b']), targets: '8.6=2' })).toEqual({
      findingIds: findingsValue(['a', 'b']),
      targets: '7.4=1 8.6=2',
    });
  });
});
