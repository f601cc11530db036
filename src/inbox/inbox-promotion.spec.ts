import { SocialNetwork } from '../../libs/core';
import { customerStoryBody } from './inbox-promotion.service';

describe('customerStoryBody', () => {
  const author = { handle: 'ola', displayName: 'Ola Runner', network: SocialNetwork.INSTAGRAM };

  it('quotes the item and credits its author by name, handle and network', () => {
    expect(customerStoryBody('  Ran my first marathon!  ', author)).toBe('“Ran my first marathon!”\n\n— Ola Runner (@ola) on Instagram');
    expect(customerStoryBody('Loved it', { ...author, displayName: null, network: SocialNetwork.X })).toBe('“Loved it”\n\n— @ola on X');
  });

  it('has nothing to quote in a blank item', () => {
    expect(customerStoryBody(' \n ', author)).toBeNull();
  });

  it('cuts a quote that would not fit a post, keeping the credit', () => {
    const body = customerStoryBody('word '.repeat(5000), author)!;
    expect(body.length).toBeLessThanOrEqual(20_000);
    expect(body).toMatch(/…”\n\n— Ola Runner \(@ola\) on Instagram$/);
  });
});
