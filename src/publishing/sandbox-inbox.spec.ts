import { SocialNetwork } from '../../libs/core';
import { IngestItem, sandboxInboxItems, SandboxInboxOptions } from './sandbox-inbox';

describe('sandbox inbox traffic', () => {
  const base: SandboxInboxOptions = {
    profileId: 'profile-1', network: SocialNetwork.FACEBOOK, count: 2_000, seed: 42,
    startAt: new Date('2026-03-01T08:00:00Z'), postIds: ['post-a', 'post-b'], profileHandle: 'snickers',
  };
  const items = sandboxInboxItems(base);
  const share = (test: (item: IngestItem) => boolean) => items.filter(test).length / items.length;

  it('gives the same items for the same options, and a longer run starts with the shorter one', () => {
    expect(sandboxInboxItems(base)).toEqual(items);
    expect(sandboxInboxItems({ ...base, count: 300 })).toEqual(items.slice(0, 300));
    const other = sandboxInboxItems({ ...base, seed: 43 });
    expect(other.map((i) => i.body)).not.toEqual(items.map((i) => i.body));
    expect(sandboxInboxItems({ ...base, count: 0 })).toEqual([]);
  });

  it('never repeats a network id within 10,000 items, nor across seeds', () => {
    const many = sandboxInboxItems({ ...base, count: 10_000 });
    expect(new Set(many.map((i) => i.networkId)).size).toBe(10_000);
    const both = [...many, ...sandboxInboxItems({ ...base, count: 10_000, seed: 4_242 })];
    expect(new Set(both.map((i) => i.networkId)).size).toBe(20_000);
  });

  it('mixes every kind, with comments the most common', () => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
    for (const kind of ['COMMENT', 'REPLY', 'MENTION', 'DIRECT_MESSAGE', 'REVIEW', 'SHARE']) expect(counts.get(kind)).toBeGreaterThan(20);
    expect(Math.max(...counts.values())).toBe(counts.get('COMMENT'));
    // Networks without reviews or direct messages get none.
    const youtube = sandboxInboxItems({ ...base, network: SocialNetwork.YOUTUBE });
    expect(youtube.filter((i) => i.kind === 'REVIEW' || i.kind === 'DIRECT_MESSAGE')).toEqual([]);
    expect(sandboxInboxItems({ ...base, postIds: undefined }).filter((i) => i.kind === 'SHARE' || i.postId)).toEqual([]);
  });

  it('covers questions, complaints, praise, spam with links, emoji only and mention only, in English and Polish', () => {
    for (const about of ['QUESTION', 'COMPLAINT', 'PRAISE']) expect(share((i) => i.about === about)).toBeGreaterThan(0.08);
    expect(share((i) => /https?:\/\//.test(i.body))).toBeGreaterThan(0.04);
    expect(share((i) => /@[\w.-]+\.\w+|\+\d{2} \d/.test(i.body) && !/https?:/.test(i.body))).toBeGreaterThan(0.02);
    expect(share((i) => /^\P{L}+$/u.test(i.body) && /\p{Extended_Pictographic}/u.test(i.body))).toBeGreaterThan(0.04);
    expect(share((i) => /^(@[\w.]+ ?)+$/.test(i.body))).toBeGreaterThan(0.02);
    expect(share((i) => i.language === 'pl')).toBeGreaterThan(0.2);
    expect(share((i) => i.language === 'en')).toBeGreaterThan(0.4);
    expect(items.some((i) => /[ąćęłńóśźż]/i.test(i.body))).toBe(true);
    expect(items.filter((i) => i.kind === 'MENTION').every((i) => i.body.startsWith('@snickers '))).toBe(true);
  });

  it('brings authors back, threads replies under earlier items and spreads arrivals over time', () => {
    const byAuthor = new Map<string, number>();
    for (const item of items) byAuthor.set(item.author.handle, (byAuthor.get(item.author.handle) ?? 0) + 1);
    expect([...byAuthor.values()].filter((n) => n >= 5).length).toBeGreaterThan(10);
    expect(items.every((i) => /^[a-z0-9._]+$/.test(i.author.handle))).toBe(true);

    const position = new Map(items.map((item, index) => [item.networkId, index]));
    const replies = items.filter((i) => i.kind === 'REPLY');
    for (const reply of replies) {
      expect(position.get(reply.parentNetworkId!)).toBeLessThan(position.get(reply.networkId)!);
      expect(['COMMENT', 'REPLY']).toContain(items[position.get(reply.parentNetworkId!)!].kind);
    }
    expect(items.filter((i) => i.parentNetworkId && i.kind !== 'REPLY')).toEqual([]);
    expect(items.filter((i) => i.kind === 'DIRECT_MESSAGE').every((i) => i.threadId && !i.permalink)).toBe(true);

    const times = items.map((i) => i.receivedAt.getTime());
    expect(times[0]).toBeGreaterThanOrEqual(base.startAt.getTime());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    const meanGapMinutes = (times[times.length - 1] - times[0]) / (times.length - 1) / 60_000;
    expect(meanGapMinutes).toBeGreaterThan(4);
    expect(meanGapMinutes).toBeLessThan(8);
  });
});
