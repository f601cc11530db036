import { SocialProfileStatus as S } from './social-profile.entity';
import { allowedTransitions, ENTERED_FROM } from './social-profile.lifecycle';

describe('social profile lifecycle', () => {
  it.each([
    [S.DRAFT, [S.LIVE, S.ARCHIVED]],
    [S.LIVE, [S.PAUSED, S.ARCHIVED]],
    [S.PAUSED, [S.LIVE, S.ARCHIVED]],
    [S.ARCHIVED, []],
  ])('from %s allows %j', (from, to) => {
    expect(allowedTransitions(from).sort()).toEqual([...to].sort());
  });

  it('never returns to DRAFT', () => {
    expect(ENTERED_FROM[S.DRAFT]).toEqual([]);
  });
});
