import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type as NestedType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Connection, Edge, PageInfoFields } from './connection';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: the endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;
}

/**
 * Page arguments that can also page backwards (`last`/`before`), for lists a UI walks from the
 * newest end back (the audit log, the inbox, posts). `first` keeps its default, so `last` or
 * `before` alone decide the direction (libs/database keyset-page.ts).
 */
@ArgsType()
export class BidirectionalPageArgs extends PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Pages backwards: the last items (1 to ${MAX_PAGE_SIZE}) before \`before\`, or at the end of the list, still in list order. Cannot be combined with \`after\`; \`first\` is then ignored.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Opaque cursor: the startCursor of the page after the one wanted; pages backwards (with `last`, or `first` items when `last` is omitted). Cannot be combined with `after`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  before?: string | null;
}

/**
 * Page arguments with an optional `filter` input: `class UsersArgs extends FilteredPageArgs(UserFilter) {}`;
 * `{ backward: true }` adds `last`/`before` (BidirectionalPageArgs).
 */
export function FilteredPageArgs<F>(filterType: Type<F>): Type<PageArgs & { filter?: F | null }>;
export function FilteredPageArgs<F>(filterType: Type<F>, options: { backward: true }): Type<BidirectionalPageArgs & { filter?: F | null }>;
export function FilteredPageArgs<F>(filterType: Type<F>, options?: { backward: true }): Type<PageArgs & { filter?: F | null }> {
  const Base: Type<PageArgs> = options?.backward ? BidirectionalPageArgs : PageArgs;
  @ArgsType()
  class FilteredArgs extends Base {
    @Field(() => filterType, { nullable: true, description: 'Narrows the list; omitted, every item the caller may read is listed. Filters combine with AND.' })
    @IsOptional()
    @ValidateNested()
    @NestedType(() => filterType)
    filter?: F | null;
  }
  return FilteredArgs;
}

@ObjectType({ description: "Where a page sits in its list (Relay's PageInfo): pass `endCursor` as `after` to read the next page." })
export class PageInfo implements PageInfoFields {
  @Field({ description: 'True when items follow this page: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'True when this page was read with `after` (items precede it).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null on an empty page." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "The last edge's cursor, to pass as `after` for the next page; null on an empty page." })
  endCursor: string | null;
}

/** Relay connection type for a node type: `<Name>Connection` with `<Name>Edge`. */
export function ConnectionType<T>(nodeType: Type<T>, name = nodeType.name): Type<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque position of this item in the list: pass it as `after` to read the items after it.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items (a Relay connection): ask with \`first\` (1 to ${MAX_PAGE_SIZE}, ${DEFAULT_PAGE_SIZE} by default) and \`after\` (the previous page's \`pageInfo.endCursor\`).`,
  })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The items of this page, in the list\'s order.' })
    edges: Edge<T>[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors to read them.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter, across all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}
