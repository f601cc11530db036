import { DateTime } from 'luxon';
import type { BusinessHours } from '../../../libs/policy-engine';
import { dueAt } from './due-at';

// Expected instants are written out in UTC (with the local time beside them), so the specs
// do not lean on the code under test's time zone handling.

const WEEKDAYS = [1, 2, 3, 4, 5];
const warsaw: BusinessHours = { timeZone: 'Europe/Warsaw', days: WEEKDAYS, start: '09:00', end: '17:00' };
const newYork: BusinessHours = { timeZone: 'America/New_York', days: WEEKDAYS, start: '09:00', end: '17:00' };
const due = (receivedUtc: string, minutes: number, hours?: BusinessHours | null) => dueAt(new Date(receivedUtc), minutes, hours).toISOString();

describe('dueAt around the clock (no business hours)', () => {
  it.each<[string, number, string]>([
    ['2026-03-06T15:30:00.000Z', 60, '2026-03-06T16:30:00.000Z'],
    ['2026-03-06T23:30:00.000Z', 90, '2026-03-07T01:00:00.000Z'],
    // The Warsaw spring-forward night does not matter: 24/7 minutes are elapsed minutes.
    ['2026-03-29T00:30:00.000Z', 60, '2026-03-29T01:30:00.000Z'],
    ['2026-03-06T15:30:00.000Z', 100_000, '2026-05-15T02:10:00.000Z'], // 69 days 10:40 later
    ['2026-03-06T15:30:00.000Z', 0, '2026-03-06T15:30:00.000Z'],
  ])('%s + %i min -> %s', (received, minutes, expected) => {
    expect(due(received, minutes)).toBe(expected);
    expect(due(received, minutes, null)).toBe(expected);
  });
});

describe('dueAt in Warsaw business hours, Mon-Fri 09:00-17:00', () => {
  it.each<[string, string, number, string]>([
    ['Friday 16:30 + 60 min: 30 on Friday, 30 on Monday -> Monday 09:30', '2026-03-06T15:30:00.000Z', 60, '2026-03-09T08:30:00.000Z'],
    ['inside hours, due the same day (Tue 10:00 + 90 -> 11:30)', '2026-03-10T09:00:00.000Z', 90, '2026-03-10T10:30:00.000Z'],
    ['due exactly at closing stays at closing (Tue 16:00 + 60 -> 17:00)', '2026-03-10T15:00:00.000Z', 60, '2026-03-10T16:00:00.000Z'],
    ['before opening (Tue 07:00 + 30 -> 09:30)', '2026-03-10T06:00:00.000Z', 30, '2026-03-10T08:30:00.000Z'],
    ['after closing (Tue 18:00 + 30 -> Wed 09:30)', '2026-03-10T17:00:00.000Z', 30, '2026-03-11T08:30:00.000Z'],
    ['at closing (Tue 17:00 + 1 -> Wed 09:01)', '2026-03-10T16:00:00.000Z', 1, '2026-03-11T08:01:00.000Z'],
    ['at opening (Tue 09:00 + 480 -> 17:00)', '2026-03-10T08:00:00.000Z', 480, '2026-03-10T16:00:00.000Z'],
    ['on Saturday (Sat 12:00 + 60 -> Mon 10:00)', '2026-03-07T11:00:00.000Z', 60, '2026-03-09T09:00:00.000Z'],
    ['on Sunday late evening (Sun 23:59 + 15 -> Mon 09:15)', '2026-03-08T22:59:00.000Z', 15, '2026-03-09T08:15:00.000Z'],
    ['Friday night, 0 minutes -> the next opening, Monday 09:00', '2026-03-06T20:00:00.000Z', 0, '2026-03-09T08:00:00.000Z'],
    ['several days (Mon 10:00 + 1200 = 420 + 480 + 300 -> Wed 14:00)', '2026-03-09T09:00:00.000Z', 1200, '2026-03-11T13:00:00.000Z'],
    ['one business week (Mon 09:00 + 2400 -> Fri 17:00)', '2026-03-09T08:00:00.000Z', 2400, '2026-03-13T16:00:00.000Z'],
    ['over a weekend (Thu 15:00 + 1000 = 120 + 480 + 400 -> Mon 15:40)', '2026-03-12T14:00:00.000Z', 1000, '2026-03-16T14:40:00.000Z'],
    // 100000 = 41 weeks of 2400 (to Mon 21 Dec) + 1600: Mon, Tue, Wed, then 160 on Thursday, across both DST changes.
    ['the largest target (Mon 2026-03-09 09:00 + 100000 -> Thu 2026-12-24 11:40 CET)', '2026-03-09T08:00:00.000Z', 100_000, '2026-12-24T10:40:00.000Z'],
  ])('%s', (_label, received, minutes, expected) => {
    expect(due(received, minutes, warsaw)).toBe(expected);
  });

  it.each<[string, string, number, string]>([
    ['spring forward: Fri 27 Mar 16:30 CET + 60 -> Mon 30 Mar 09:30 CEST', '2026-03-27T15:30:00.000Z', 60, '2026-03-30T07:30:00.000Z'],
    ['fall back: Fri 23 Oct 16:30 CEST + 60 -> Mon 26 Oct 09:30 CET', '2026-10-23T14:30:00.000Z', 60, '2026-10-26T08:30:00.000Z'],
    ['spring-forward week, 3 days of work: Thu 26 Mar 09:00 CET + 1440 -> Mon 30 Mar 17:00 CEST', '2026-03-26T08:00:00.000Z', 1440, '2026-03-30T15:00:00.000Z'],
    ['fall-back week, 3 days of work: Thu 22 Oct 09:00 CEST + 1440 -> Mon 26 Oct 17:00 CET', '2026-10-22T07:00:00.000Z', 1440, '2026-10-26T16:00:00.000Z'],
  ])('DST: %s', (_label, received, minutes, expected) => {
    expect(due(received, minutes, warsaw)).toBe(expected);
  });

  it('a night window that spring-forward shortens counts its 3 real hours (01:00 CET to 05:00 CEST)', () => {
    const nights: BusinessHours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5, 6, 7], start: '01:00', end: '05:00' };
    // Sun 29 Mar 01:00 CET (00:00Z): 180 minutes to 05:00 CEST (03:00Z), 60 more from Mon 01:00 CEST (23:00Z).
    expect(due('2026-03-29T00:00:00.000Z', 180, nights)).toBe('2026-03-29T03:00:00.000Z');
    expect(due('2026-03-29T00:00:00.000Z', 240, nights)).toBe('2026-03-30T00:00:00.000Z');
  });

  it('a night window that fall-back lengthens counts its 5 real hours (01:00 CEST to 05:00 CET)', () => {
    const nights: BusinessHours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5, 6, 7], start: '01:00', end: '05:00' };
    // Sun 25 Oct 01:00 CEST is 23:00Z on the 24th; 05:00 CET is 04:00Z.
    expect(due('2026-10-24T23:00:00.000Z', 300, nights)).toBe('2026-10-25T04:00:00.000Z');
    expect(due('2026-10-24T23:00:00.000Z', 301, nights)).toBe('2026-10-26T00:01:00.000Z');
  });

  it('an opening time that a DST gap skips moves forward by the gap (02:30 -> 03:30 CEST)', () => {
    const early: BusinessHours = { timeZone: 'Europe/Warsaw', days: [7], start: '02:30', end: '06:00' };
    // Sun 29 Mar: opens 03:30 CEST (01:30Z), closes 06:00 CEST (04:00Z).
    expect(due('2026-03-28T12:00:00.000Z', 30, early)).toBe('2026-03-29T02:00:00.000Z');
  });
});

describe('dueAt in New York business hours, Mon-Fri 09:00-17:00', () => {
  it.each<[string, string, number, string]>([
    ['Friday 16:30 EST + 60 -> Monday 09:30 EDT (spring forward on 8 Mar)', '2026-03-06T21:30:00.000Z', 60, '2026-03-09T13:30:00.000Z'],
    ['Friday 16:00 EST + 120 -> Monday 10:00 EDT', '2026-03-06T21:00:00.000Z', 120, '2026-03-09T14:00:00.000Z'],
    ['Friday 16:00 EDT + 120 -> Monday 10:00 EST (fall back on 1 Nov)', '2026-10-30T20:00:00.000Z', 120, '2026-11-02T15:00:00.000Z'],
    ['received on the spring-forward Sunday, 03:30 EDT + 10 -> Monday 09:10 EDT', '2026-03-08T07:30:00.000Z', 10, '2026-03-09T13:10:00.000Z'],
    ['received in the repeated hour, Sunday 01:30 EST + 10 -> Monday 09:10 EST', '2026-11-01T06:30:00.000Z', 10, '2026-11-02T14:10:00.000Z'],
  ])('%s', (_label, received, minutes, expected) => {
    expect(due(received, minutes, newYork)).toBe(expected);
  });

  it('a whole Sunday counts 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const sundays: BusinessHours = { timeZone: 'America/New_York', days: [7], start: '00:00', end: '24:00' };
    // Sun 8 Mar 00:00 EST (05:00Z) to Mon 00:00 EDT (04:00Z): 1380 minutes.
    expect(due('2026-03-08T05:00:00.000Z', 1380, sundays)).toBe('2026-03-09T04:00:00.000Z');
    expect(due('2026-03-08T05:00:00.000Z', 1381, sundays)).toBe('2026-03-15T04:01:00.000Z');
    // Sun 1 Nov 00:00 EDT (04:00Z) to Mon 00:00 EST (05:00Z): 1500 minutes.
    expect(due('2026-11-01T04:00:00.000Z', 1500, sundays)).toBe('2026-11-02T05:00:00.000Z');
    expect(due('2026-11-01T04:00:00.000Z', 1501, sundays)).toBe('2026-11-08T05:01:00.000Z');
  });
});

describe('dueAt with other weeks and zones', () => {
  it('a weekend team (Sat-Sun 10:00-18:00 in Warsaw): Friday items wait for Saturday', () => {
    const weekend: BusinessHours = { timeZone: 'Europe/Warsaw', days: [6, 7], start: '10:00', end: '18:00' };
    expect(due('2026-03-06T15:30:00.000Z', 60, weekend)).toBe('2026-03-07T10:00:00.000Z'); // Sat 11:00 CET
    expect(due('2026-03-07T16:30:00.000Z', 60, weekend)).toBe('2026-03-08T09:30:00.000Z'); // Sat 17:30 -> Sun 10:30
  });

  it('a day listed twice counts once, and the order of days does not matter', () => {
    expect(due('2026-03-06T15:30:00.000Z', 60, { ...warsaw, days: [5, 1, 3, 2, 4, 5] })).toBe('2026-03-09T08:30:00.000Z');
  });

  it('follows a half-hour-DST zone (Australia/Lord_Howe: +11 to +10:30 on 5 Apr 2026)', () => {
    const lordHowe: BusinessHours = { timeZone: 'Australia/Lord_Howe', days: WEEKDAYS, start: '09:00', end: '17:00' };
    // Fri 3 Apr 16:30 +11 (05:30Z) + 60 -> Mon 6 Apr 09:30 +10:30 (23:00Z on the 5th).
    expect(due('2026-04-03T05:30:00.000Z', 60, lordHowe)).toBe('2026-04-05T23:00:00.000Z');
  });

  it.each<[string, number, Partial<BusinessHours>]>([
    ['negative minutes', -1, {}],
    ['NaN minutes', Number.NaN, {}],
    ['no days', 60, { days: [] }],
    ['an empty window', 60, { start: '17:00', end: '09:00' }],
    ['an unknown time zone', 60, { timeZone: 'Mars/Olympus_Mons' }],
  ])('throws a RangeError on %s (validation keeps these out of stored policies)', (_label, minutes, hours) => {
    expect(() => dueAt(new Date('2026-03-06T15:30:00.000Z'), minutes, { ...warsaw, ...hours })).toThrow(RangeError);
  });
});

/** The plain walk over local days with luxon only: slow, obviously right, the oracle for the fast one. */
function referenceDueAt(receivedAt: Date, minutes: number, hours: BusinessHours): Date {
  const at = (day: DateTime, hhmm: string) =>
    hhmm === '24:00' ? day.plus({ days: 1 }).startOf('day') : DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)) }, { zone: hours.timeZone });
  let remaining = minutes * 60_000;
  for (let day = DateTime.fromJSDate(receivedAt, { zone: hours.timeZone }).startOf('day'); ; day = day.plus({ days: 1 })) {
    if (!hours.days.includes(day.weekday)) continue;
    const from = Math.max(at(day, hours.start).toMillis(), receivedAt.getTime());
    const close = at(day, hours.end).toMillis();
    if (from >= close) continue;
    if (remaining <= close - from) return new Date(from + remaining);
    remaining -= close - from;
  }
}

describe('dueAt agrees with a plain day-by-day luxon walk', () => {
  const ZONES = ['Europe/Warsaw', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'UTC'];
  const WINDOWS: [string, string][] = [['09:00', '17:00'], ['00:00', '24:00'], ['01:00', '05:00'], ['02:30', '03:15'], ['22:00', '24:00'], ['00:00', '02:30']];
  const DAY_SETS = [[1, 2, 3, 4, 5], [7], [6, 7], [1, 2, 3, 4, 5, 6, 7], [2, 4]];

  // A fixed pseudo-random walk (no Math.random: the same cases on every run).
  let seed = 15;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };

  it('on 1500 cases around the DST changes of 2026 in eight zones', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 1500; i++) {
      const [open, close] = WINDOWS[next(WINDOWS.length)];
      const hours: BusinessHours = { timeZone: ZONES[next(ZONES.length)], days: DAY_SETS[next(DAY_SETS.length)], start: open, end: close };
      const received = new Date(start + next(365 * 24 * 4) * 15 * 60_000 + next(15) * 60_000);
      const minutes = [1, 30, 59, 60, 61, 180, 480, 1440, 5000][next(9)];
      expect([hours, received.toISOString(), minutes, dueAt(received, minutes, hours).toISOString()]).toEqual([
        hours,
        received.toISOString(),
        minutes,
        referenceDueAt(received, minutes, hours).toISOString(),
      ]);
    }
  });
});
