import { ArgsType, Field } from "type-graphql";
import DataLoader from "dataloader";
import { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { GrantWindow, isActiveAt } from "./grant-window";
import { groupValues, MAX_BATCH } from "./loader-utils";
import { PageArgs, SearchPageArgs } from "./pagination";

/** A link of a time-bound grant read with its window (docs/design.md §13): what it leads to, and when it counts. */
export interface Grant extends GrantWindow {
  id: string;
}

/** Epoch milliseconds as a driver answers a bigint column (pg: a string), or null. */
export function epochOf(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The ids of the grants active at `now`, in their order. */
export function activeIds(grants: readonly Grant[], now: number): string[] {
  return grants.filter((grant) => isActiveAt(grant, now)).map((grant) => grant.id);
}

/**
 * Like `linkLoader`, with each link's window: the grants of each key, sorted by the id they lead
 * to, whether active or not — the caller tests them against the request's time (`requestTime`),
 * so that the loader caches rows, never a yes/no that an expiry would change. One query per batch.
 */
export function grantLoader<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  keyColumn: keyof T & string,
  valueColumn: keyof T & string,
): DataLoader<string, Grant[]> {
  return new DataLoader<string, Grant[]>(
    async (keys) => {
      const rows: Array<{ k: string; v: string; validFrom: string | number | null; expiresAt: string | number | null }> = await manager
        .getRepository(target)
        .createQueryBuilder("link")
        .select(`link.${keyColumn}`, "k")
        .addSelect(`link.${valueColumn}`, "v")
        .addSelect(`link.validFrom`, "validFrom")
        .addSelect(`link.expiresAt`, "expiresAt")
        .where(`link.${keyColumn} IN (:...keys)`, { keys })
        .orderBy(`link.${valueColumn}`, "ASC")
        .getRawMany();
      return groupValues(
        keys,
        rows,
        (row) => row.k,
        (row) => ({ id: row.v, validFrom: epochOf(row.validFrom), expiresAt: epochOf(row.expiresAt) }),
      );
    },
    { maxBatchSize: MAX_BATCH },
  );
}

const INCLUDE_INACTIVE = "Also the grants not active now: pending (validFrom ahead) and expired ones, with `active: false`. Default: active grants only.";

/** `includeInactive` of the grant listings (docs/design.md §13). */
@ArgsType()
export class GrantListArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: INCLUDE_INACTIVE })
  includeInactive?: boolean;
}

/** A page of grants: `first`, `after` and `includeInactive`. */
@ArgsType()
export class GrantPageArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: INCLUDE_INACTIVE })
  includeInactive?: boolean;
}

/** A page of grants with a `search`. */
@ArgsType()
export class GrantSearchPageArgs extends SearchPageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: INCLUDE_INACTIVE })
  includeInactive?: boolean;
}

const NOW = "\u0000now\u0000";

/**
 * A condition over "now" (such as `activeSql(alias, now)`) with the request's instant bound once
 * per occurrence, in text order: SQLite's `?` is positional and a placeholder is never reused.
 */
export function atNow(condition: (now: string) => string, p: { add(value: unknown): string }, now: number): string {
  const parts = condition(NOW).split(NOW);
  return parts.reduce((sql, part, i) => (i === 0 ? part : `${sql}${p.add(now)}${part}`), "");
}
