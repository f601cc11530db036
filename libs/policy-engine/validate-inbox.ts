import { InboxAbout, InboxItemKind } from './types';
import {
  absent,
  asObject,
  at,
  checkEnumList,
  checkInt,
  checkList,
  checkString,
  Config,
  CONFIG_LIMITS,
  onlyKeys,
  Report,
  required,
} from './validate-fields';

// The inbox's parts of policy configs: RESPONSE_SLA (targets and business hours) and the
// `replies` member of APPROVAL_REQUIRED. Same conventions as validate.ts.

const KINDS = Object.values(InboxItemKind);
const ABOUTS = Object.values(InboxAbout);

/** The role key format of src/access (built-in and custom roles alike). */
const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;

/** 'HH:MM' on a 24-hour clock; '24:00' (the end of the day) only where `endOfDay` allows it. */
const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** IANA names are letters, digits and `/_+-`, starting with a letter: this keeps out '+01:00' offsets, which Intl also takes. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Whether the runtime's time zone database knows the zone (aliases such as Europe/Kiev included). */
export function isKnownTimeZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of an 'HH:MM' wall time, or undefined after reporting why not. */
function checkWallTime(value: unknown, field: string, endOfDay: boolean, report: Report): number | undefined {
  if (typeof value === 'string' && (WALL_TIME.test(value) || (endOfDay && value === '24:00'))) {
    return Number(value.slice(0, 2)) * 60 + Number(value.slice(3));
  }
  report.add(field, endOfDay ? "must be a time of day 'HH:MM' from 00:01 to 24:00" : "must be a time of day 'HH:MM' from 00:00 to 23:59");
  return undefined;
}

function checkBusinessHours(value: unknown, path: string, report: Report): void {
  const hours = asObject(value, path, report);
  if (!hours) return;
  onlyKeys(hours, ['timeZone', 'days', 'start', 'end'], path, report);
  const timeZone = required(hours, 'timeZone', path, report);
  if (!absent(timeZone) && checkString(timeZone, at(path, 'timeZone'), 100, report) !== undefined && !isKnownTimeZone(timeZone as string)) {
    report.add(at(path, 'timeZone'), 'must be an IANA time zone name such as Europe/Warsaw');
  }
  const days = required(hours, 'days', path, report);
  if (!absent(days)) {
    checkList(days, at(path, 'days'), 7, report, (day, field) => checkInt(day, field, 1, 7, report)?.toString());
  }
  const startValue = required(hours, 'start', path, report);
  const endValue = required(hours, 'end', path, report);
  const start = absent(startValue) ? undefined : checkWallTime(startValue, at(path, 'start'), false, report);
  const end = absent(endValue) ? undefined : checkWallTime(endValue, at(path, 'end'), true, report);
  // A window over midnight (22:00-06:00) is two windows on two days: not expressible, so refused.
  if (start !== undefined && end !== undefined && start >= end) report.add(at(path, 'end'), `must be after start (${String(startValue)})`);
}

function checkTarget(value: unknown, path: string, report: Report): void {
  const target = asObject(value, path, report);
  if (!target) return;
  onlyKeys(target, ['kinds', 'abouts', 'minutes'], path, report);
  if (!absent(target.kinds)) checkEnumList(target.kinds, at(path, 'kinds'), KINDS, report);
  if (!absent(target.abouts)) checkEnumList(target.abouts, at(path, 'abouts'), ABOUTS, report);
  const minutes = required(target, 'minutes', path, report);
  if (!absent(minutes)) checkInt(minutes, at(path, 'minutes'), 1, CONFIG_LIMITS.maxSlaMinutes, report);
  // A target for everything would hide the targets after it and the default minutes.
  if (absent(target.kinds) && absent(target.abouts)) report.add(path, 'must set kinds, abouts or both (the default minutes covers every item)');
}

/** RESPONSE_SLA: `{ minutes, targets?, businessHours? }`. */
export function checkResponseSla(c: Config, r: Report): void {
  const minutes = required(c, 'minutes', '', r);
  if (!absent(minutes)) checkInt(minutes, 'minutes', 1, CONFIG_LIMITS.maxSlaMinutes, r);
  if (!absent(c.targets)) {
    const targets = c.targets;
    if (!Array.isArray(targets)) r.add('targets', 'must be a list');
    else if (targets.length === 0) r.add('targets', 'must not be empty');
    else if (targets.length > CONFIG_LIMITS.maxSlaTargets) r.add('targets', `must have at most ${CONFIG_LIMITS.maxSlaTargets} items`);
    else targets.forEach((target, i) => checkTarget(target, at('targets', i), r));
  }
  if (!absent(c.businessHours)) checkBusinessHours(c.businessHours, 'businessHours', r);
}

/** APPROVAL_REQUIRED's `replies`: `{ workflowId?, always?, abouts?, authorRoles? }`, at `path`. */
export function checkReplyApproval(value: unknown, path: string, report: Report): void {
  const replies = asObject(value, path, report);
  if (!replies) return;
  onlyKeys(replies, ['workflowId', 'always', 'abouts', 'authorRoles'], path, report);
  if (!absent(replies.workflowId)) checkString(replies.workflowId, at(path, 'workflowId'), CONFIG_LIMITS.maxWorkflowIdLength, report);
  if (!absent(replies.always) && typeof replies.always !== 'boolean') report.add(at(path, 'always'), 'must be true or false');
  if (!absent(replies.abouts)) checkEnumList(replies.abouts, at(path, 'abouts'), ABOUTS, report);
  if (!absent(replies.authorRoles)) {
    checkList(replies.authorRoles, at(path, 'authorRoles'), CONFIG_LIMITS.maxAuthorRoles, report, (role, field) => {
      if (typeof role === 'string' && ROLE_KEY.test(role)) return role;
      report.add(field, 'must be a role key such as CONTENT_CREATOR');
      return undefined;
    });
  }
  if (replies.always !== true && absent(replies.abouts) && absent(replies.authorRoles)) {
    report.add(path, 'must say which replies need approval: always, abouts or authorRoles');
  }
}
