/**
 * The networks a profile can be on. Profiles, policy rules (the policy engine's `Network`),
 * posts and publishing all name them, so the enum lives here, below every one of them. Plain
 * data, so the pure policy engine can import it; social-network.type.ts registers it in GraphQL.
 */
export enum SocialNetwork {
  FACEBOOK = 'FACEBOOK',
  X = 'X',
  INSTAGRAM = 'INSTAGRAM',
  LINKEDIN = 'LINKEDIN',
  YOUTUBE = 'YOUTUBE',
  PINTEREST = 'PINTEREST',
  TIKTOK = 'TIKTOK',
  BLOG = 'BLOG',
  OTHER = 'OTHER',
}
