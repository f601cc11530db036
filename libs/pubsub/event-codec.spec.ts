import { decodeEvent, encodeEvent } from './event-codec';

describe('the event codec', () => {
  it('brings Dates back as Dates, at any depth, and leaves ISO-looking strings strings', () => {
    const at = new Date('2026-12-03T08:15:30.123Z');
    const payload = { at, nested: { list: [at, { when: at }] }, text: '2026-12-03T08:15:30.123Z', n: 1, none: null };
    const decoded = decodeEvent<typeof payload>(encodeEvent(payload));
    expect(decoded).toEqual(payload);
    expect(decoded.at).toBeInstanceOf(Date);
    expect((decoded.nested.list[1] as { when: Date }).when.getTime()).toBe(at.getTime());
    expect(typeof decoded.text).toBe('string');
  });

  it('encodes a Date at the top level and an invalid Date as null', () => {
    const at = new Date(0);
    expect(decodeEvent<Date>(encodeEvent(at)).getTime()).toBe(0);
    expect(decodeEvent(encodeEvent({ bad: new Date(Number.NaN) }))).toEqual({ bad: null });
  });

  it('drops undefined fields as JSON does, and refuses what JSON cannot carry', () => {
    expect(decodeEvent(encodeEvent({ a: undefined, b: 1 }))).toEqual({ b: 1 });
    expect(() => encodeEvent({ big: BigInt(1) })).toThrow(TypeError);
  });
});
