import { createHash } from 'node:crypto';

/**
 * The idempotency key of one post revision's send to one profile: the same on every attempt
 * and every replica, and short enough for networks that cap their keys (64 characters is a
 * common limit): `post-` and the base64url SHA-256 of the four ids.
 */
export function publicationKey(organizationId: string, postId: string, profileId: string, revision: number): string {
  const digest = createHash('sha256').update(`${organizationId}:${postId}:${profileId}:${revision}`).digest('base64url');
  return `post-${digest}`;
}
