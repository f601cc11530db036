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
    @Field(() => filterType, { nullable: true })
    @IsOptional()
    @ValidateNested()
    @NestedType(() => filterType)
    filter?: F | null;
  }
  return FilteredArgs;
}

@ObjectType()
export class PageInfo implements PageInfoFields {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Relay connection type for a node type: `<Name>Connection` with `<Name>Edge`. */
export function ConnectionType<T>(nodeType: Type<T>, name = nodeType.name): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter, across all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}
