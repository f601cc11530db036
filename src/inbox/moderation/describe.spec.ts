import { SocialNetwork } from '../../../libs/core/social-network';
import { PostTag } from '../../../libs/policy-engine/types';
import { describeAction, describeCondition } from './describe';

describe('describeCondition', () => {
  it.each([
    [{ type: 'KEYWORDS', terms: ['scam'] }, 'keyword "scam"'],
    [{ type: 'KEYWORDS', terms: ['scam', 'free money'] }, 'one of the keywords "scam", "free money"'],
    [{ type: 'ONLY_MENTIONS' }, 'only mentions'],
    [{ type: 'ONLY_EMOJI' }, 'only emoji'],
    [{ type: 'HAS_LINK' }, 'has a link'],
    [{ type: 'HAS_CONTACT_DETAILS' }, 'has an email address or phone number'],
    [{ type: 'WORD_COUNT', min: 3 }, 'at least 3 words'],
    [{ type: 'WORD_COUNT', max: 2 }, 'at most 2 words'],
    [{ type: 'WORD_COUNT', min: 2, max: 5 }, 'between 2 and 5 words'],
    [{ type: 'WORD_COUNT', min: 4, max: 4 }, 'exactly 4 words'],
    [{ type: 'KIND', kinds: ['COMMENT', 'DIRECT_MESSAGE', 'REVIEW'] }, 'kind is comment, direct message or review'],
    [{ type: 'NETWORK', networks: [SocialNetwork.X, SocialNetwork.LINKEDIN] }, 'network is X or LinkedIn'],
    [{ type: 'AUTHOR_SEEN_BEFORE', value: true }, 'author seen before'],
    [{ type: 'AUTHOR_SEEN_BEFORE', value: false }, 'first message from this author'],
    [{ type: 'POST_TAG', tags: [PostTag.CUSTOMER_STORY] }, 'answers a post tagged customer story'],
    [{ type: 'ABOUT', abouts: ['QUESTION', 'COMPLAINT'] }, 'about is question or complaint'],
  ] as const)('%j reads %j', (condition, text) => expect(describeCondition(condition as never)).toBe(text));

  it('names what was found in one item', () => {
    expect(describeCondition({ type: 'KEYWORDS', terms: ['a', 'b', 'c'] }, { terms: ['b', 'c'] })).toBe('keywords "b", "c"');
    expect(describeCondition({ type: 'KEYWORDS', terms: ['a', 'b'] }, { terms: ['b'] })).toBe('keyword "b"');
    expect(describeCondition({ type: 'HAS_CONTACT_DETAILS' }, { email: true, phone: true })).toBe('has an email address and a phone number');
    expect(describeCondition({ type: 'WORD_COUNT', max: 3 }, { words: 1 })).toBe('at most 3 words (1)');
    expect(describeCondition({ type: 'KIND', kinds: ['COMMENT', 'REVIEW'] }, { values: ['REVIEW'] })).toBe('kind is review');
  });
});

describe('describeAction', () => {
  it.each([
    [{ type: 'HIDE' }, 'hide'],
    [{ type: 'MARK_SPAM' }, 'mark as spam'],
    [{ type: 'LABEL', label: 'vip' }, 'label "vip"'],
    [{ type: 'SET_ABOUT', about: 'COMPLAINT' }, 'set about to complaint'],
    [{ type: 'SET_PRIORITY', priority: 'URGENT' }, 'set priority to urgent'],
    [{ type: 'ASSIGN', principalId: 'u-1' }, 'assign to u-1'],
    [{ type: 'ROUND_ROBIN' }, "assign round-robin among the brand's agents"],
    [{ type: 'CLOSE' }, 'close'],
  ] as const)('%j reads %j', (action, text) => expect(describeAction(action as never)).toBe(text));

  it('says what an action did to one item', () => {
    expect(describeAction({ type: 'ROUND_ROBIN' }, { assigneeId: 'a2' })).toBe('assign round-robin to a2');
    expect(describeAction({ type: 'ROUND_ROBIN' }, { assigneeId: null })).toBe('assign round-robin: no agent available');
    expect(describeAction({ type: 'ASSIGN', principalId: 'u' }, { skipped: 'item hidden' })).toBe('assign to u (not applied: item hidden)');
  });
});
