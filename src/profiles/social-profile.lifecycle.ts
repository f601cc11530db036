import { SocialProfileStatus as S } from './social-profile.entity';

/** Which statuses each status may be entered from. ARCHIVED is final. */
export const ENTERED_FROM: Record<S, readonly S[]> = {
  [S.DRAFT]: [],
  [S.LIVE]: [S.DRAFT, S.PAUSED],
  [S.PAUSED]: [S.LIVE],
  [S.ARCHIVED]: [S.DRAFT, S.LIVE, S.PAUSED],
};

/** The statuses a profile in `from` may move to. */
export function allowedTransitions(from: S): S[] {
  return (Object.keys(ENTERED_FROM) as S[]).filter((to) => ENTERED_FROM[to].includes(from));
}
