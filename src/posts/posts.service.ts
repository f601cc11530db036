import { EventPublisher } from '../audit';
import { PostArchived, PostCreated, PostUpdated } from './post.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, NotFoundError, RequestContext } from '../../libs/core';
import { Permission, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db, keysetPage } from '../../libs/database';
import { PostFormat } from '../../libs/policy-engine';
import { ApprovalRequestsService, ApprovalRequestStatus, ApprovalSubjectType } from '../approvals';
import { CalendarArgs, CreatePostInput, PostsArgs, UpdatePostInput } from './dto/post.inputs';
import { InternalTestData, PostContentColumns, PostSourceData, PostStatus } from './post.entities';
import { POST_FROM, POST_SELECT, PostRow, REVISION_SELECT, RevisionRow, toPost, toRevision } from './post.mapper';
import { Post, PostRevision } from './post.types';

const TIMED_FORMATS = [PostFormat.VIDEO, PostFormat.INTERVIEW];
/** Statuses in which a post may still be edited (an edit of a submitted post voids its approval). */
const EDITABLE = [PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED];
const MAX_CALENDAR_DAYS = 92;
/**
 * The brand of a profile, as a sub-select. A post's profiles are its brand's own (assertContent),
 * so the posts on a profile are among its brand's: this puts posts' brand btree in front of the
 * `profile_ids @>` test, whose GIN index row-level security keeps the planner from using.
 */
export const PROFILE_BRAND = (organization: string, profile: string) =>
  `(SELECT sp.brand_id FROM social_profiles sp WHERE sp.organization_id = ${organization} AND sp.id = ${profile})`;

export const illegalStatus = (action: string, status: PostStatus, allowed: PostStatus[]) =>
  new BadUserInputError(`Cannot ${action} a ${status} post; allowed from ${allowed.join(', ')}`, [{ field: 'id', message: `post is ${status}` }]);

function sourceData(input: CreatePostInput['source']): PostSourceData | null {
  if (!input) return null;
  return { url: input.url, author: input.author ?? null, verification: Object.fromEntries((input.completedChecks ?? []).map((c) => [c, true])) };
}
const testData = (input: CreatePostInput['internalTest']): InternalTestData | null => (input ? { passed: input.passed, notes: input.notes ?? null } : null);

/** Drafting and editing posts, and reading them: one brand's content for its own profiles. */
@Injectable()
export class PostsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly approvals: ApprovalRequestsService,
    private readonly events: EventPublisher,
  ) {}

  async create(ctx: RequestContext, input: CreatePostInput): Promise<Post> {
    return this.db.transaction(async () => {
      const brand = await this.db.queryOne<{ ancestor_ids: string[]; archived_at: Date | null }>(
        `SELECT ancestor_ids, archived_at FROM brands WHERE organization_id = $1 AND id = $2 FOR SHARE`,
        [ctx.organizationId, input.brandId],
      );
      const scope = brand ? { id: input.brandId, ancestorIds: brand.ancestor_ids } : null;
      if (!scope) throw new NotFoundError('Brand', input.brandId, 'input.brandId');
      this.access.assert(ctx, Permission.POST_CREATE, scope, 'Brand', 'input.brandId');
      if (brand!.archived_at) throw BadUserInputError.field('input.brandId', `brand ${input.brandId} is archived`);
      const content: PostContentColumns = {
        title: input.title ?? null,
        body: input.body,
        format: input.format,
        tags: input.tags ?? [],
        durationSeconds: input.durationSeconds ?? null,
        source: sourceData(input.source),
        label: input.label ?? null,
        internalTest: testData(input.internalTest),
        profileIds: input.profileIds,
      };
      await this.assertContent(ctx, input.brandId, content, 'input');
      const principal = ctx.requirePrincipal;
      const [{ id }] = await this.db.query<{ id: string }>(
        `INSERT INTO posts (organization_id, brand_id, author_id, author_type, title, body, format, tags, duration_seconds, source, label, internal_test, profile_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [ctx.organizationId, input.brandId, principal.id, principal.kind === 'API_KEY' ? 'API_KEY' : 'USER', ...contentParams(content)],
      );
      await this.addRevision(ctx, id, 1, content);
      const created = await this.lock(ctx, id);
      await this.events.publish(ctx, new PostCreated({ post: created }));
      return created;
    });
  }

  /** Every edit is a new revision; an edit after submission voids the approval (back to DRAFT). */
  async update(ctx: RequestContext, input: UpdatePostInput): Promise<Post> {
    return this.db.transaction(async () => {
      const post = await this.lockFor(ctx, input.id, Permission.POST_CREATE, 'input.id');
      if (!EDITABLE.includes(post.status)) throw illegalStatus('edit', post.status, EDITABLE);
      const content: PostContentColumns = {
        title: input.title === undefined ? post.title : input.title,
        body: input.body ?? post.body,
        format: input.format ?? post.format,
        tags: input.tags ?? post.tags,
        durationSeconds: input.durationSeconds === undefined ? post.durationSeconds : input.durationSeconds,
        source: input.source === undefined ? currentSource(post) : sourceData(input.source),
        label: input.label === undefined ? post.label : input.label,
        internalTest: input.internalTest === undefined ? post.internalTest : testData(input.internalTest),
        profileIds: input.profileIds ?? post.profileIds,
      };
      await this.assertContent(ctx, post.brandId, content, 'input');
      const submitted = [PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED].includes(post.status);
      // The approval, open or granted, was of the revision this edit replaces.
      if (submitted) await this.approvals.voidOpen(ctx, ApprovalSubjectType.POST, post.id, [ApprovalRequestStatus.OPEN, ApprovalRequestStatus.APPROVED]);
      const revision = post.revision + 1;
      await this.db.query(
        `UPDATE posts SET title = $3, body = $4, format = $5, tags = $6, duration_seconds = $7, source = $8, label = $9, internal_test = $10, profile_ids = $11,
                revision = $12, status = $13, scheduled_at = CASE WHEN $14::boolean THEN NULL ELSE scheduled_at END, updated_at = now()
          WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, post.id, ...contentParams(content), revision, submitted ? PostStatus.DRAFT : post.status, submitted],
      );
      await this.addRevision(ctx, post.id, revision, content);
      const updated = await this.lock(ctx, post.id);
      await this.events.publish(ctx, new PostUpdated({ before: post, after: updated }));
      return updated;
    });
  }

  async archive(ctx: RequestContext, id: string): Promise<Post> {
    return this.db.transaction(async () => {
      const post = await this.lockFor(ctx, id, Permission.POST_CREATE, 'id');
      if (post.status === PostStatus.ARCHIVED) throw illegalStatus('archive', post.status, Object.values(PostStatus).filter((s) => s !== PostStatus.ARCHIVED));
      await this.approvals.voidOpen(ctx, ApprovalSubjectType.POST, post.id);
      await this.db.query(`UPDATE posts SET status = 'ARCHIVED', updated_at = now() WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      const archived = await this.lock(ctx, id);
      await this.events.publish(ctx, new PostArchived({ before: post, after: archived }));
      return archived;
    });
  }

  /** A post of a brand the caller may read, batched per request; NOT_FOUND otherwise. */
  async find(ctx: RequestContext, id: string): Promise<Post> {
    const post = await ctx
      .loader<string, Post | null>('posts.byId', async (ids) => {
        const rows = await this.db.query<PostRow>(`SELECT ${POST_SELECT} FROM ${POST_FROM} WHERE p.organization_id = $1 AND p.id = ANY($2::uuid[])`, [
          ctx.organizationId,
          ids,
        ]);
        const byId = new Map(rows.map((r) => [r.id, toPost(r)]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!post || !this.access.canSee(ctx, { id: post.brandId, ancestorIds: post.brandAncestorIds })) throw new NotFoundError('Post', id, 'id');
    return post;
  }

  /** Posts of the brands the caller may read, newest first. */
  async list(ctx: RequestContext, args: PostsArgs): Promise<Connection<Post>> {
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const f = args.filter ?? {};
    return keysetPage(this.db, {
      matching: `SELECT ${POST_SELECT} FROM ${POST_FROM}
          WHERE p.organization_id = $1
            AND ($2::boolean OR p.brand_id = ANY(${brandSubtreeIds('$1', '$3::uuid[]')}))
            AND ($4::uuid IS NULL OR p.brand_id = ANY(${brandSubtreeIds('$1', 'ARRAY[$4::uuid]', { descend: '$5::boolean' })}))
            AND ($6::uuid IS NULL OR (p.brand_id = ${PROFILE_BRAND('$1', '$6::uuid')} AND p.profile_ids @> ARRAY[$6::uuid]))
            AND ($7::post_status[] IS NULL OR p.status = ANY($7::post_status[]))
            AND ($8::text IS NULL OR $8 = ANY(p.tags))
            AND ($9::uuid IS NULL OR p.author_id = $9)
            AND ($10::timestamptz IS NULL OR p.created_at >= $10) AND ($11::timestamptz IS NULL OR p.created_at < $11)`,
      params: [
        ctx.organizationId, reach.orgWide, reach.orgWide ? [] : reach.brandIds, f.brandId ?? null, Boolean(f.includeSubtree), f.profileId ?? null,
        f.statuses?.length ? f.statuses : null, f.tag ?? null, f.authorId ?? null, f.from ?? null, f.to ?? null,
      ],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'desc',
      map: toPost,
    }, args);
  }

  /** The content calendar: posts scheduled or published between two dates, per profile, across a brand's subtree. */
  async calendar(ctx: RequestContext, args: CalendarArgs): Promise<{ profileId: string; posts: Post[] }[]> {
    if (args.to <= args.from) throw BadUserInputError.field('to', 'must be after from');
    if (args.to.getTime() - args.from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) throw BadUserInputError.field('to', `the range may span at most ${MAX_CALENDAR_DAYS} days`);
    const brand = await this.db.queryOne<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, args.brandId]);
    const scope = brand ? { id: args.brandId, ancestorIds: brand.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', args.brandId, 'brandId');
    const rows = await this.db.query<PostRow & { profile_id: string }>(
      `SELECT pid AS profile_id, ${POST_SELECT} FROM ${POST_FROM} CROSS JOIN LATERAL unnest(p.profile_ids) AS pid
        WHERE p.organization_id = $1 AND p.brand_id = ANY(${brandSubtreeIds('$1', 'ARRAY[$2::uuid]')})
          AND p.status IN ('SCHEDULED', 'PUBLISHED') AND coalesce(p.published_at, p.scheduled_at) >= $3 AND coalesce(p.published_at, p.scheduled_at) < $4
        ORDER BY pid, coalesce(p.published_at, p.scheduled_at), p.id LIMIT 5000`,
      [ctx.organizationId, args.brandId, args.from, args.to],
    );
    const byProfile = new Map<string, Post[]>();
    for (const row of rows) byProfile.set(row.profile_id, [...(byProfile.get(row.profile_id) ?? []), toPost(row)]);
    return [...byProfile.entries()].map(([profileId, posts]) => ({ profileId, posts }));
  }

  revisions(ctx: RequestContext, postId: string): Promise<PostRevision[]> {
    return ctx
      .loader<string, PostRevision[]>('posts.revisions', async (ids) => {
        const rows = await this.db.query<RevisionRow & { post_id: string }>(
          `SELECT r.post_id, ${REVISION_SELECT('r')} FROM post_revisions r WHERE r.organization_id = $1 AND r.post_id = ANY($2::uuid[]) ORDER BY r.number`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) => rows.filter((r) => r.post_id === id).map(toRevision));
      })
      .load(postId);
  }

  /** Locks a post for a change: NOT_FOUND when its brand is out of sight, FORBIDDEN without `permission` there. */
  async lockFor(ctx: RequestContext, id: string, permission: Permission, field: string): Promise<Post> {
    const post = await this.lock(ctx, id, field);
    const scope = { id: post.brandId, ancestorIds: post.brandAncestorIds };
    if (!this.access.canSee(ctx, scope)) throw new NotFoundError('Post', id, field);
    this.access.assert(ctx, permission, scope);
    return post;
  }

  async lock(ctx: RequestContext, id: string, field = 'id'): Promise<Post> {
    const row = await this.db.queryOne<PostRow>(`SELECT ${POST_SELECT} FROM ${POST_FROM} WHERE p.organization_id = $1 AND p.id = $2 FOR UPDATE OF p`, [
      ctx.organizationId,
      id,
    ]);
    if (!row) throw new NotFoundError('Post', id, field);
    return toPost(row);
  }

  /** Profiles must be the brand's own and not archived; videos and interviews need a duration. */
  private async assertContent(ctx: RequestContext, brandId: string, content: PostContentColumns, field: string): Promise<void> {
    if (TIMED_FORMATS.includes(content.format) && content.durationSeconds === null) {
      throw BadUserInputError.field(`${field}.durationSeconds`, `is required for a ${content.format} post`);
    }
    const rows = await this.db.query<{ id: string; brand_id: string; status: string }>(
      `SELECT id, brand_id, status FROM social_profiles WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [ctx.organizationId, content.profileIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems = content.profileIds.flatMap((id, i) => {
      const profile = byId.get(id);
      if (!profile || profile.brand_id !== brandId) return [{ field: `${field}.profileIds.${i}`, message: `profile ${id} is not one of this brand's profiles` }];
      if (profile.status === 'ARCHIVED') return [{ field: `${field}.profileIds.${i}`, message: `profile ${id} is archived` }];
      return [];
    });
    if (problems.length) throw new BadUserInputError(`Invalid profiles: ${problems.map((p) => p.message).join('; ')}`, problems);
  }

  private async addRevision(ctx: RequestContext, postId: string, number: number, content: PostContentColumns): Promise<void> {
    await this.db.query(
      `INSERT INTO post_revisions (organization_id, post_id, number, created_by_id, title, body, format, tags, duration_seconds, source, label, internal_test, profile_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [ctx.organizationId, postId, number, ctx.requirePrincipal.id, ...contentParams(content)],
    );
  }
}

const contentParams = (c: PostContentColumns) => [c.title, c.body, c.format, c.tags, c.durationSeconds, c.source, c.label, c.internalTest, c.profileIds];

function currentSource(post: Post): PostSourceData | null {
  if (!post.source) return null;
  return { url: post.source.url, author: post.source.author, verification: Object.fromEntries(post.source.completedChecks.map((c) => [c, true])) };
}
