import { IsOptional, Max, MaxLength, Min } from "class-validator";
import { ArgsType, ClassType, Field, Int, ObjectType } from "type-graphql";
import { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { BadUserInputError } from "./errors";
import { LIMITS } from "./limits";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor: string | null;
}

/** A page of a list: the shape every paginated GraphQL field returns. */
export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the `XConnection` object type for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionType implements Page<T> {
    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: "Number of items matching the filter, across all pages." })
    totalCount: number;
  }
  return ConnectionType;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  @IsOptional()
  @MaxLength(LIMITS.cursor)
  after?: string;
}

@ArgsType()
export class SearchPageArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring filter." })
  @IsOptional()
  @MaxLength(LIMITS.search)
  search?: string;
}

/** Cursors are opaque to callers: base64url of the sort key parts. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === "string")) return parts;
  } catch {
    // fall through to the user-facing error
  }
  throw new BadUserInputError(`after: "${cursor}" is not a cursor returned by this list`, { field: "after" });
}

/** `%term%` for LIKE with the wildcard characters of the term escaped (use with ESCAPE '\\'). */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function pageSize(first: number | undefined): number {
  return first ?? DEFAULT_PAGE_SIZE;
}

/** Cuts `rows` (fetched with one extra) into a page whose cursor comes from `cursorOf`. */
export function toPage<T>(rows: T[], size: number, totalCount: number, cursorOf: (row: T) => string[]): Page<T> {
  const hasNextPage = rows.length > size;
  const nodes = hasNextPage ? rows.slice(0, size) : rows;
  const last = nodes[nodes.length - 1];
  return { nodes, totalCount, pageInfo: { hasNextPage, endCursor: last ? encodeCursor(cursorOf(last)) : null } };
}

/**
 * Keyset pagination over an entity query sorted by `sortColumn` then `id` (both unique together),
 * with the total count of the filtered query.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  options: { alias: string; sortColumn: keyof T & string; args: PageArgs },
): Promise<Page<T>> {
  const { alias, sortColumn, args } = options;
  const size = pageSize(args.first);
  const totalCount = await query.clone().getCount();
  const pageQuery = query.clone();
  if (args.after) {
    const [key, id] = decodeCursor(args.after, 2);
    pageQuery.andWhere(`(${alias}.${sortColumn} > :cursorKey OR (${alias}.${sortColumn} = :cursorKey AND ${alias}.id > :cursorId))`, { cursorKey: key, cursorId: id });
  }
  const rows = await pageQuery
    .orderBy(`${alias}.${sortColumn}`, "ASC")
    .addOrderBy(`${alias}.id`, "ASC")
    .limit(size + 1)
    .getMany();
  return toPage(rows, size, totalCount, (row) => [String(row[sortColumn]), row.id]);
}
