import { publicationKey } from './publication-key';

describe('publicationKey', () => {
  it('is the same for one post revision on one profile, different for any other, and fits a 64-character key', () => {
    const key = publicationKey('org-1', 'post-1', 'profile-1', 1);
    expect(publicationKey('org-1', 'post-1', 'profile-1', 1)).toBe(key);
    expect(new Set([key, publicationKey('org-1', 'post-1', 'profile-1', 2), publicationKey('org-1', 'post-1', 'profile-2', 1), publicationKey('org-2', 'post-1', 'profile-1', 1)]).size).toBe(4);
    expect(key).toMatch(/^post-[A-Za-z0-9_-]{43}$/);
  });

  it('is what the migration derived for rows written before keys existed (1795710000000-ExactlyOnceSends)', () => {
    // SELECT 'post-' || rtrim(translate(encode(sha256(convert_to('a:b:c:3', 'UTF8')), 'base64'), '+/', '-_'), '=') on PostgreSQL 15.
    expect(publicationKey('a', 'b', 'c', 3)).toBe('post-JHNHsCNYTJQpiDPLEE6LN9x7iEbhvplFAyzYS14Ivq0');
  });
});
