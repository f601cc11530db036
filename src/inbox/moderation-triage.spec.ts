import { ModerationOutcome } from './moderation';
import { brandRules, outcomeFields, withEligibleAssignee } from './moderation-triage';

const USER = '6f1c1c1e-0000-4000-8000-000000000001';
const outcome = (over: Partial<ModerationOutcome> = {}): ModerationOutcome => ({
  labels: [],
  roundRobin: false,
  trail: [{ ruleId: 'r1', ruleName: 'Route', brandId: 'b1', matched: ['about is question'], actions: [`assign to ${USER}`, 'label "q"'] }],
  assigneeId: USER,
  ...over,
});

describe('moderation at ingest', () => {
  it('keeps an ASSIGN to someone who answers the brand', () => {
    const o = outcome();
    expect(withEligibleAssignee(o, { agents: [], eligible: new Set([USER]) })).toBe(o);
  });

  it('drops an ASSIGN to someone who no longer answers the brand, and says so on the trail', () => {
    const o = withEligibleAssignee(outcome(), { agents: [], eligible: new Set() });
    expect(o.assigneeId).toBeUndefined();
    expect(o.trail[0].actions).toEqual([`assign to ${USER} (not applied: not an active user with inbox:respond on the brand)`, 'label "q"']);
    expect(outcomeFields(o, 'QUESTION' as never)).toMatchObject({ status: 'OPEN', assigneeId: null, aboutSetBy: 'INGEST', priority: 'NORMAL' });
  });

  it('leaves a round-robin pick alone: the candidates are the brand\'s agents', () => {
    const o = outcome({ roundRobin: true });
    expect(withEligibleAssignee(o, undefined)).toBe(o);
  });

  it('says a rule set the about', () => {
    expect(outcomeFields(outcome({ about: 'COMPLAINT', assigneeId: undefined }), 'OTHER' as never)).toMatchObject({ about: 'COMPLAINT', aboutSetBy: 'RULE', status: 'OPEN' });
  });

  it('knows which rule sets need the agents and the turns', () => {
    const rule = (type: string) => ({ id: type, brandId: 'b', name: type, position: 0, enabled: true, locked: false, match: 'ALL' as const, conditions: [{ type: 'HAS_LINK' as const }], actions: [{ type } as never], stop: false, inheritedFrom: 'b', depth: 0 });
    expect([brandRules([rule('HIDE')]).assigns, brandRules([rule('ASSIGN')]).assigns, brandRules([rule('ASSIGN')]).roundRobin, brandRules([rule('ROUND_ROBIN')]).roundRobin]).toEqual([false, true, false, true]);
  });
});
