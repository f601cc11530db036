import { PostFormat, PostContent, PostTag, SourceCheck } from '../../libs/policy-engine';
import { PrincipalType } from '../access';
import { SocialNetwork } from '../../libs/core';
import { InternalTestData, PostSourceData, PostStatus } from './post.entities';
import { Post, PostContentFields, PostRevision } from './post.types';

export interface PostContentRow {
  title: string | null;
  body: string;
  format: PostFormat;
  tags: PostTag[];
  duration_seconds: number | null;
  source: PostSourceData | null;
  label: string | null;
  internal_test: InternalTestData | null;
  profile_ids: string[];
}

export interface PostRow extends PostContentRow {
  id: string;
  organization_id: string;
  brand_id: string;
  brand_ancestor_ids: string[];
  author_id: string;
  author_type: PrincipalType;
  status: PostStatus;
  revision: number;
  scheduled_at: Date | null;
  published_at: Date | null;
  publish_attempts: number;
  publish_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RevisionRow extends PostContentRow {
  number: number;
  created_by_id: string;
  created_at: Date;
}

const CONTENT = ['title', 'body', 'format', 'tags', 'duration_seconds', 'source', 'label', 'internal_test', 'profile_ids'];
const POST = ['id', 'organization_id', 'brand_id', 'author_id', 'author_type', 'status', 'revision', 'scheduled_at', 'published_at', 'publish_attempts', 'publish_error', 'next_attempt_at', 'created_at', 'updated_at'];

/** Post columns for alias `p`, with the ancestors of its brand from alias `b` (access checks need them). */
export const POST_SELECT = `${[...POST, ...CONTENT].map((c) => `p.${c}`).join(', ')}, b.ancestor_ids AS brand_ancestor_ids`;
export const POST_FROM = `posts p JOIN brands b ON b.id = p.brand_id`;
export const REVISION_SELECT = (a: string) => [...CONTENT, 'number', 'created_by_id', 'created_at'].map((c) => `${a}.${c}`).join(', ');

function content(row: PostContentRow): PostContentFields {
  return {
    title: row.title,
    body: row.body,
    format: row.format,
    tags: row.tags,
    durationSeconds: row.duration_seconds,
    source: row.source
      ? { url: row.source.url, author: row.source.author, completedChecks: (Object.keys(row.source.verification) as SourceCheck[]).filter((c) => row.source!.verification[c]) }
      : null,
    label: row.label,
    internalTest: row.internal_test ? { passed: row.internal_test.passed, notes: row.internal_test.notes } : null,
    profileIds: row.profile_ids,
  };
}

export const toPost = (row: PostRow): Post => ({
  ...content(row),
  id: row.id,
  brandId: row.brand_id,
  brandAncestorIds: row.brand_ancestor_ids,
  status: row.status,
  revision: row.revision,
  authorId: row.author_id,
  authorType: row.author_type,
  scheduledAt: row.scheduled_at,
  publishedAt: row.published_at,
  publishAttempts: row.publish_attempts,
  publishError: row.publish_error,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toRevision = (row: RevisionRow): PostRevision => ({ ...content(row), number: row.number, createdById: row.created_by_id, createdAt: row.created_at });

/** The engine's view of a post: its content and where it goes. */
export function toEngineContent(post: PostContentFields, networks: Map<string, SocialNetwork>): PostContent {
  return {
    body: post.body,
    format: post.format,
    tags: post.tags,
    durationSeconds: post.durationSeconds,
    source: post.source
      ? { url: post.source.url, verification: Object.fromEntries(post.source.completedChecks.map((c) => [c, true])) }
      : null,
    label: post.label,
    internalTest: post.internalTest,
    profiles: post.profileIds.map((id) => ({ id, network: networks.get(id) ?? SocialNetwork.OTHER })),
  };
}
