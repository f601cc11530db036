import { PolicyType } from './types';
import { validatePolicyConfig } from './validate';
import { isKnownTimeZone } from './validate-inbox';

type Case = [string, unknown, [string, string][]];

const KINDS = 'COMMENT, REPLY, MENTION, DIRECT_MESSAGE, REVIEW, SHARE';
const ABOUTS = 'QUESTION, COMPLAINT, PRAISE, OTHER';
const times = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

function check(type: PolicyType, config: unknown): [string, string][] {
  return validatePolicyConfig(type, config).map((e) => [e.field, e.message]);
}

const HOURS = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

describe('validatePolicyConfig: RESPONSE_SLA targets and business hours', () => {
  const type = PolicyType.RESPONSE_SLA;

  it.each<[string, unknown]>([
    ['minutes alone (as before)', { minutes: 60 }],
    ['targets by kind, by about and by both', { minutes: 240, targets: [{ kinds: ['DIRECT_MESSAGE'], abouts: ['COMPLAINT'], minutes: 15 }, { abouts: ['QUESTION'], minutes: 60 }, { kinds: ['REVIEW'], minutes: 1440 }] }],
    ['20 targets', { minutes: 60, targets: times(20, (i) => ({ abouts: ['QUESTION'], minutes: i + 1 })) }],
    ['business hours', { minutes: 60, businessHours: HOURS }],
    ['every day until midnight', { minutes: 60, businessHours: { ...HOURS, timeZone: 'America/New_York', days: [7, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00' } }],
    ['a one-minute window', { minutes: 60, businessHours: { ...HOURS, start: '23:58', end: '23:59' } }],
    ['UTC', { minutes: 60, businessHours: { ...HOURS, timeZone: 'UTC' } }],
    ['a zone alias', { minutes: 60, businessHours: { ...HOURS, timeZone: 'Europe/Kiev' } }],
    ['nulls for the members not used', { minutes: 60, targets: [{ kinds: null, abouts: ['PRAISE'], minutes: 5 }], businessHours: null }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['targets as an object', { minutes: 60, targets: { minutes: 5 } }, [['targets', 'must be a list']]],
    ['no targets', { minutes: 60, targets: [] }, [['targets', 'must not be empty']]],
    ['21 targets', { minutes: 60, targets: times(21, () => ({ abouts: ['QUESTION'], minutes: 5 })) }, [['targets', 'must have at most 20 items']]],
    ['a target for everything', { minutes: 60, targets: [{ minutes: 5 }] }, [['targets.0', 'must set kinds, abouts or both (the default minutes covers every item)']]],
    ['a target without minutes', { minutes: 60, targets: [{ abouts: ['QUESTION'] }] }, [['targets.0.minutes', 'is required']]],
    ['a target of 0 minutes', { minutes: 60, targets: [{ abouts: ['QUESTION'], minutes: 0 }] }, [['targets.0.minutes', 'must be between 1 and 100000']]],
    ['a target over the limit', { minutes: 60, targets: [{ abouts: ['QUESTION'], minutes: 100_001 }] }, [['targets.0.minutes', 'must be between 1 and 100000']]],
    ['an unknown kind', { minutes: 60, targets: [{ kinds: ['TWEET'], minutes: 5 }] }, [['targets.0.kinds.0', `must be one of ${KINDS}`]]],
    ['an unknown about', { minutes: 60, targets: [{ abouts: ['RANT'], minutes: 5 }] }, [['targets.0.abouts.0', `must be one of ${ABOUTS}`]]],
    ['a repeated about', { minutes: 60, targets: [{ abouts: ['QUESTION', 'QUESTION'], minutes: 5 }] }, [['targets.0.abouts.1', 'repeats targets.0.abouts.0']]],
    ['empty kinds', { minutes: 60, targets: [{ kinds: [], abouts: ['QUESTION'], minutes: 5 }] }, [['targets.0.kinds', 'must not be empty']]],
    ['an unknown target member', { minutes: 60, targets: [{ abouts: ['QUESTION'], minutes: 5, hours: 1 }] }, [['targets.0.hours', 'is not a known field (expected kinds, abouts, minutes)']]],
    ['a target that is a number', { minutes: 60, targets: [5] }, [['targets.0', 'must be an object']]],
    ['business hours as a string', { minutes: 60, businessHours: '9-17' }, [['businessHours', 'must be an object']]],
    ['empty business hours', { minutes: 60, businessHours: {} }, [['businessHours.timeZone', 'is required'], ['businessHours.days', 'is required'], ['businessHours.start', 'is required'], ['businessHours.end', 'is required']]],
    ['an unknown time zone', { minutes: 60, businessHours: { ...HOURS, timeZone: 'Europe/Atlantis' } }, [['businessHours.timeZone', 'must be an IANA time zone name such as Europe/Warsaw']]],
    ['an offset instead of a zone', { minutes: 60, businessHours: { ...HOURS, timeZone: '+01:00' } }, [['businessHours.timeZone', 'must be an IANA time zone name such as Europe/Warsaw']]],
    ['a blank time zone', { minutes: 60, businessHours: { ...HOURS, timeZone: ' ' } }, [['businessHours.timeZone', 'must not be blank']]],
    ['no days', { minutes: 60, businessHours: { ...HOURS, days: [] } }, [['businessHours.days', 'must not be empty']]],
    ['day 0', { minutes: 60, businessHours: { ...HOURS, days: [0, 1] } }, [['businessHours.days.0', 'must be between 1 and 7']]],
    ['day 8', { minutes: 60, businessHours: { ...HOURS, days: [1, 8] } }, [['businessHours.days.1', 'must be between 1 and 7']]],
    ['a day by name', { minutes: 60, businessHours: { ...HOURS, days: ['MONDAY'] } }, [['businessHours.days.0', 'must be a whole number']]],
    ['a repeated day', { minutes: 60, businessHours: { ...HOURS, days: [1, 2, 1] } }, [['businessHours.days.2', 'repeats businessHours.days.0']]],
    ['a start without minutes', { minutes: 60, businessHours: { ...HOURS, start: '9' } }, [['businessHours.start', "must be a time of day 'HH:MM' from 00:00 to 23:59"]]],
    ['a start with one hour digit', { minutes: 60, businessHours: { ...HOURS, start: '9:00' } }, [['businessHours.start', "must be a time of day 'HH:MM' from 00:00 to 23:59"]]],
    ['a start of 24:00', { minutes: 60, businessHours: { ...HOURS, start: '24:00' } }, [['businessHours.start', "must be a time of day 'HH:MM' from 00:00 to 23:59"]]],
    ['an end of 17:60', { minutes: 60, businessHours: { ...HOURS, end: '17:60' } }, [['businessHours.end', "must be a time of day 'HH:MM' from 00:01 to 24:00"]]],
    ['an end with seconds', { minutes: 60, businessHours: { ...HOURS, end: '17:00:00' } }, [['businessHours.end', "must be a time of day 'HH:MM' from 00:01 to 24:00"]]],
    ['an end before the start', { minutes: 60, businessHours: { ...HOURS, start: '17:00', end: '09:00' } }, [['businessHours.end', 'must be after start (17:00)']]],
    ['an end equal to the start', { minutes: 60, businessHours: { ...HOURS, start: '09:00', end: '09:00' } }, [['businessHours.end', 'must be after start (09:00)']]],
    ['an unknown hours member', { minutes: 60, businessHours: { ...HOURS, holidays: [] } }, [['businessHours.holidays', 'is not a known field (expected timeZone, days, start, end)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: APPROVAL_REQUIRED replies', () => {
  const type = PolicyType.APPROVAL_REQUIRED;

  it.each<[string, unknown]>([
    ['posts and complaint replies', { workflowId: 'wf', tags: ['HUMOR'], replies: { abouts: ['COMPLAINT'] } }],
    ['replies only, through their own workflow', { workflowId: 'wf', replies: { workflowId: 'wf-care', always: true } }],
    ['replies by role', { workflowId: 'wf', replies: { authorRoles: ['CONTENT_CREATOR', 'CARE_TRAINEE'] } }],
    ['all three triggers', { workflowId: 'wf', replies: { always: true, abouts: ['COMPLAINT', 'QUESTION'], authorRoles: ['ZOOM_AGENT'] } }],
    ['nulls for the members not used', { workflowId: 'wf', always: null, tags: null, formats: null, replies: { workflowId: null, always: null, abouts: ['COMPLAINT'], authorRoles: null } }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['replies as a list', { workflowId: 'wf', replies: [] }, [['replies', 'must be an object']]],
    ['replies that never apply', { workflowId: 'wf', replies: {} }, [['replies', 'must say which replies need approval: always, abouts or authorRoles']]],
    ['always: false alone', { workflowId: 'wf', replies: { always: false } }, [['replies', 'must say which replies need approval: always, abouts or authorRoles']]],
    ['always as a string', { workflowId: 'wf', replies: { always: 'yes', abouts: ['COMPLAINT'] } }, [['replies.always', 'must be true or false']]],
    ['a blank workflow', { workflowId: 'wf', replies: { workflowId: ' ', always: true } }, [['replies.workflowId', 'must not be blank']]],
    ['an overlong workflow', { workflowId: 'wf', replies: { workflowId: 'w'.repeat(201), always: true } }, [['replies.workflowId', 'must be at most 200 characters']]],
    ['an unknown about', { workflowId: 'wf', replies: { abouts: ['RANT'] } }, [['replies.abouts.0', `must be one of ${ABOUTS}`]]],
    ['no abouts', { workflowId: 'wf', replies: { abouts: [] } }, [['replies.abouts', 'must not be empty']]],
    ['a lowercase role', { workflowId: 'wf', replies: { authorRoles: ['content_creator'] } }, [['replies.authorRoles.0', 'must be a role key such as CONTENT_CREATOR']]],
    ['a repeated role', { workflowId: 'wf', replies: { authorRoles: ['APPROVER', 'APPROVER'] } }, [['replies.authorRoles.1', 'repeats replies.authorRoles.0']]],
    ['51 roles', { workflowId: 'wf', replies: { authorRoles: times(51, (i) => `ROLE_${i}`) } }, [['replies.authorRoles', 'must have at most 50 items']]],
    ['an unknown replies member', { workflowId: 'wf', replies: { always: true, kinds: ['REVIEW'] } }, [['replies.kinds', 'is not a known field (expected workflowId, always, abouts, authorRoles)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('isKnownTimeZone', () => {
  it.each(['Europe/Warsaw', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'UTC', 'Asia/Kathmandu'])('knows %s', (name) => {
    expect(isKnownTimeZone(name)).toBe(true);
  });

  it.each(['', 'Europe/Atlantis', '+01:00', 'GMT+1:00', '../etc/passwd', 'Europe/Warsaw '])('refuses %j', (name) => {
    expect(isKnownTimeZone(name)).toBe(false);
  });
});
