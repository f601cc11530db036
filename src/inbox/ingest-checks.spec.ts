import { InboxItemKind } from './inbox.enums';
import { checkFields, IngestItemFields, normalizeHandle, threadKey } from './ingest-checks';

const now = new Date('2026-01-01T12:00:00Z');
const item = (over: Partial<IngestItemFields> = {}): IngestItemFields => ({
  profileId: '11111111-1111-4111-8111-111111111111',
  networkId: 'n1',
  kind: InboxItemKind.COMMENT,
  body: 'Hi',
  author: { handle: '@fan' },
  receivedAt: new Date('2026-01-01T11:00:00Z'),
  ...over,
});
const fields = (over: Partial<IngestItemFields>) => checkFields(item(over), 'input.0', now).map((e) => e.field);

describe('checkFields', () => {
  it('accepts a plain item', () => {
    expect(checkFields(item(), 'input.0', now)).toEqual([]);
  });

  it.each([
    ['a profile id that is not a uuid', { profileId: 'x' }, ['input.0.profileId']],
    ['a post id that is not a uuid', { postId: 'x' }, ['input.0.postId']],
    ['a blank network id', { networkId: ' ' }, ['input.0.networkId']],
    ['a network id too long for its thread key', { networkId: 'x'.repeat(296) }, ['input.0.networkId']],
    ['a thread id too long for its thread key', { threadId: 'x'.repeat(291) }, ['input.0.threadId']],
    ['a blank thread id', { threadId: ' ' }, ['input.0.threadId']],
    ['a body over 20,000 characters', { body: 'x'.repeat(20_001) }, ['input.0.body']],
    ['a language that is no tag', { language: 'english please' }, ['input.0.language']],
    ['a handle that is only an @', { author: { handle: '@' } }, ['input.0.author.handle']],
    ['a profile url that is not http(s)', { author: { handle: 'a', profileUrl: 'javascript:alert(1)' } }, ['input.0.author.profileUrl']],
    ['a permalink that is no url', { permalink: 'nope' }, ['input.0.permalink']],
    ['a time more than 5 minutes ahead', { receivedAt: new Date('2026-01-01T12:06:00Z') }, ['input.0.receivedAt']],
  ])('refuses %s', (_what, over, expected) => {
    expect(fields(over as Partial<IngestItemFields>)).toEqual(expected);
  });

  it('allows a little clock skew and an empty body', () => {
    expect(fields({ receivedAt: new Date('2026-01-01T12:04:00Z'), body: '' })).toEqual([]);
  });
});

describe('threadKey', () => {
  it('follows the network thread, then direct messages per contact, then the item itself', () => {
    expect(threadKey({ threadId: 't1', kind: InboxItemKind.DIRECT_MESSAGE, networkId: 'n1' }, 'Fan')).toBe('thread:t1');
    expect(threadKey({ kind: InboxItemKind.DIRECT_MESSAGE, networkId: 'n1' }, 'Fan')).toBe('dm:fan');
    expect(threadKey({ kind: InboxItemKind.COMMENT, networkId: 'n1' }, 'Fan')).toBe('item:n1');
  });

  it('normalizes handles', () => {
    expect(normalizeHandle('  @Fan ')).toBe('Fan');
  });
});
