import { DateTime, IANAZone } from 'luxon';
import type { BusinessHours } from '../../../libs/policy-engine';

// When a response is due: `minutes` of running clock after an item arrives. Without business
// hours the clock runs around the clock; with them it runs only inside each day's window in
// the brand's time zone, and the minutes are real elapsed minutes (a window that a DST change
// shortens by an hour counts 60 minutes fewer).
//
// luxon knows the zone. Ingest computes a due time per item, so the walk over days stays
// cheap: a day is handled as "local wall time minus one offset" only after luxon's zone
// confirmed that the offset is the same at both its midnights; a day with a DST change has its
// window resolved by luxon itself (DateTime.fromObject: a wall time a gap skips moves forward
// by the gap, 02:30 -> 03:30).

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Minutes since midnight of 'HH:MM' ('24:00' is 1440). */
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** ISO weekday (1 = Monday) of a day given as local wall-clock milliseconds at its midnight; 1970-01-01 was a Thursday. */
const weekdayOf = (localMidnight: number): number => ((((Math.floor(localMidnight / DAY_MS) + 3) % 7) + 7) % 7) + 1;

/**
 * Offsets at the instants of local midnights, per zone: the items of an ingest batch arrive on
 * the same few days, so their due times ask for the same midnights, and an offset lookup
 * (Intl under luxon) costs more than the rest of the walk. Bounded, cleared when full.
 */
const MIDNIGHT_OFFSETS = new Map<string, Map<number, number>>();
const MAX_MEMO = 4096;

/** A zone's offset in milliseconds at an instant. */
const offsetAt = (zone: IANAZone, instant: number): number => zone.offset(instant) * MINUTE_MS;

function memoOffsetAt(zone: IANAZone, instant: number): number {
  let memo = MIDNIGHT_OFFSETS.get(zone.name);
  if (!memo) MIDNIGHT_OFFSETS.set(zone.name, (memo = new Map()));
  let offset = memo.get(instant);
  if (offset === undefined) {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(instant, (offset = offsetAt(zone, instant)));
  }
  return offset;
}

/**
 * The instant of a local wall time, resolved by luxon: used for the days on which the offset
 * changes (and for a midnight whose offset guess does not hold).
 */
function resolve(zone: IANAZone, localMs: number): number {
  const wall = new Date(localMs);
  return DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    },
    { zone },
  ).toMillis();
}

/** The instant of a local midnight, trying the offset in force just before it first. */
function midnight(zone: IANAZone, localMidnight: number, guess: number): number {
  const instant = localMidnight - guess;
  return memoOffsetAt(zone, instant) === guess ? instant : resolve(zone, localMidnight);
}

/** The open and close instants of a day's window (`start`/`end` in minutes since midnight), given as its local midnight. */
function windowOf(zone: IANAZone, localMidnight: number, start: number, end: number, guess: number): { open: number; close: number; offset: number } {
  const dayStart = midnight(zone, localMidnight, guess);
  const offset = localMidnight - dayStart;
  const dayEnd = midnight(zone, localMidnight + DAY_MS, offset);
  const close = end === 24 * 60 ? dayEnd : null;
  if (localMidnight + DAY_MS - dayEnd === offset) {
    // The same offset all day (a day never holds two changes that cancel out).
    return { open: dayStart + start * MINUTE_MS, close: close ?? dayStart + end * MINUTE_MS, offset };
  }
  return { open: resolve(zone, localMidnight + start * MINUTE_MS), close: close ?? resolve(zone, localMidnight + end * MINUTE_MS), offset: localMidnight + DAY_MS - dayEnd };
}

/**
 * The instant the first response is due for an item received at `receivedAt` with a target
 * of `minutes`: business minutes when `businessHours` are given (counted from the next
 * opening when the item arrives outside them), else plain minutes. A due time that falls
 * exactly at closing stays there rather than moving to the next opening.
 */
export function dueAt(receivedAt: Date, minutes: number, businessHours?: BusinessHours | null): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, not ${minutes}`);
  const received = receivedAt.getTime();
  if (businessHours == null) return new Date(received + minutes * MINUTE_MS);
  const zone = IANAZone.create(businessHours.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${businessHours.timeZone}`);
  const days = new Set(businessHours.days);
  const start = minutesOf(businessHours.start);
  const end = minutesOf(businessHours.end);
  // Validation refuses these; without the guard unvalidated data would loop forever.
  if (![1, 2, 3, 4, 5, 6, 7].some((d) => days.has(d))) throw new RangeError('businessHours.days names no weekday');
  if (!(start >= 0 && end <= 24 * 60 && start < end)) throw new RangeError(`businessHours ${businessHours.start}-${businessHours.end} is not a window`);

  let remaining = minutes * MINUTE_MS;
  let offset = offsetAt(zone, received);
  let localMidnight = Math.floor((received + offset) / DAY_MS) * DAY_MS;
  for (; ; localMidnight += DAY_MS) {
    if (!days.has(weekdayOf(localMidnight))) continue;
    const window = windowOf(zone, localMidnight, start, end, offset);
    offset = window.offset;
    const from = Math.max(window.open, received);
    if (from >= window.close) continue;
    if (remaining <= window.close - from) return new Date(from + remaining);
    remaining -= window.close - from;
  }
}
