import { Enforcement, InboxAbout, InboxItemKind, PolicyRule, PolicyType, ResponseSlaConfig } from '../../../libs/policy-engine';
import { InboxSlaState, responseSlaOf, slaState, slaTarget } from './sla';

const { COMMENT, DIRECT_MESSAGE, MENTION, REVIEW, SHARE } = InboxItemKind;
const { QUESTION, COMPLAINT, PRAISE, OTHER } = InboxAbout;

describe('slaTarget', () => {
  const config: ResponseSlaConfig = {
    minutes: 240,
    targets: [
      { kinds: [DIRECT_MESSAGE], abouts: [COMPLAINT], minutes: 15 },
      { abouts: [COMPLAINT], minutes: 30 },
      { kinds: [DIRECT_MESSAGE, REVIEW], minutes: 60 },
      { abouts: [QUESTION], minutes: 120 },
    ],
  };

  it.each<[InboxItemKind, InboxAbout, number]>([
    [DIRECT_MESSAGE, COMPLAINT, 15], // both lists match the first target
    [COMMENT, COMPLAINT, 30], // kinds absent: any kind
    [REVIEW, PRAISE, 60], // abouts absent: anything
    [DIRECT_MESSAGE, QUESTION, 60], // the first match wins over the later QUESTION target
    [COMMENT, QUESTION, 120],
    [MENTION, OTHER, 240], // no target matches: the default
    [SHARE, PRAISE, 240],
  ])('%s about %s: %i minutes', (kind, about, minutes) => {
    expect(slaTarget(config, { kind, about })).toBe(minutes);
  });

  it('is the default minutes without targets, and null without a RESPONSE_SLA config', () => {
    expect(slaTarget({ minutes: 45 }, { kind: COMMENT, about: QUESTION })).toBe(45);
    expect(slaTarget({ minutes: 45, targets: null } as never, { kind: COMMENT, about: QUESTION })).toBe(45);
    expect(slaTarget(null, { kind: COMMENT, about: QUESTION })).toBeNull();
    expect(slaTarget(undefined, { kind: COMMENT, about: QUESTION })).toBeNull();
  });

  it('treats null lists in a target like absent ones (the GraphQL inputs are nullable)', () => {
    expect(slaTarget({ minutes: 90, targets: [{ kinds: null, abouts: [COMPLAINT], minutes: 10 }] } as never, { kind: REVIEW, about: COMPLAINT })).toBe(10);
  });
});

describe('responseSlaOf', () => {
  const rule = (type: PolicyType, config: unknown, enabled = true): PolicyRule =>
    ({ id: `p-${type}`, brandId: 'mars', type, enforcement: Enforcement.BLOCK, locked: false, enabled, config }) as PolicyRule;

  it('finds the enabled RESPONSE_SLA among effective policies', () => {
    const sla = { minutes: 60, businessHours: { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };
    expect(responseSlaOf([rule(PolicyType.BANNED_TERMS, { terms: ['x'] }), rule(PolicyType.RESPONSE_SLA, sla)])).toBe(sla);
    expect(responseSlaOf([rule(PolicyType.RESPONSE_SLA, sla, false)])).toBeNull();
    expect(responseSlaOf([])).toBeNull();
  });
});

describe('slaState', () => {
  const due = new Date('2026-03-09T08:30:00.000Z');
  const before = new Date('2026-03-09T08:29:59.999Z');
  const after = new Date('2026-03-09T08:30:00.001Z');

  it.each<[string, Date | null, Date | null, Date, InboxSlaState]>([
    ['no due time', null, null, after, InboxSlaState.NO_TARGET],
    ['no due time, even when answered', null, before, after, InboxSlaState.NO_TARGET],
    ['unanswered before the due time', due, null, before, InboxSlaState.ON_TIME],
    ['unanswered at the due time exactly', due, null, due, InboxSlaState.ON_TIME],
    ['unanswered after the due time', due, null, after, InboxSlaState.OVERDUE],
    ['answered before the due time', due, before, after, InboxSlaState.MET],
    ['answered at the due time exactly', due, due, after, InboxSlaState.MET],
    ['answered after the due time', due, after, after, InboxSlaState.MISSED],
    ['answered late, whatever now is', due, after, before, InboxSlaState.MISSED],
  ])('%s: %s', (_label, dueAt, firstResponseAt, now, state) => {
    expect(slaState(dueAt, firstResponseAt, now)).toBe(state);
  });
});
