import type { Logger } from "pino";
import { EntityManager, ObjectLiteral } from "typeorm";
import { GrantWindow } from "../common/grant-window";
import { Database } from "../db/database";
import { GroupMember } from "../groups/group-links.entity";
import { OrganizationMemberRole, OrganizationMembership } from "../organizations/organization-links.entity";
import { UserRole } from "../roles/role-links.entity";
import { recordSystemAudit, SystemAuditEntry } from "./audit.recorder";
import { GRANT_SWEEP_ID, GrantSweep } from "./grant-sweep.entity";

const DAY_MS = 86_400_000;

/** Most expired grants one run deletes per table: a run stays a short transaction; the next run goes on. */
const RETENTION_BATCH = 500;

type GrantRow = ObjectLiteral & GrantWindow & { userId: string; createdAt: Date };

/** One of the four tables of time-bound grants, as the sweep audits it. */
interface GrantTable<T extends GrantRow> {
  entity: new () => T;
  kind: "groupMembership" | "userRole" | "organizationMembership" | "organizationMemberRole";
  /** The row's key: userId first, then the group, role or organization (and role) it grants. */
  key(row: T): Record<string, string>;
}

const groupMembership: GrantTable<GroupMember> = { entity: GroupMember, kind: "groupMembership", key: (r) => ({ userId: r.userId, groupId: r.groupId }) };
const userRole: GrantTable<UserRole> = { entity: UserRole, kind: "userRole", key: (r) => ({ userId: r.userId, roleId: r.roleId }) };
const organizationMembership: GrantTable<OrganizationMembership> = {
  entity: OrganizationMembership,
  kind: "organizationMembership",
  key: (r) => ({ userId: r.userId, organizationId: r.organizationId }),
};
const organizationMemberRole: GrantTable<OrganizationMemberRole> = {
  entity: OrganizationMemberRole,
  kind: "organizationMemberRole",
  key: (r) => ({ userId: r.userId, organizationId: r.organizationId, roleId: r.roleId }),
};
const GRANT_TABLES: Array<GrantTable<GrantRow>> = [groupMembership, userRole, organizationMembership, organizationMemberRole] as never;

/** What one run did (for tests and the log). */
export interface GrantSweepResult {
  /** The interval audited, (from, to]; null when another instance had already swept past this instant. */
  interval: { from: number; to: number } | null;
  activated: number;
  expired: number;
  deleted: number;
}

interface Boundary {
  at: number;
  entry: SystemAuditEntry;
}

/**
 * The grant sweep (docs/design.md §13.3): records `grantActivated` and `grantExpired` once per
 * boundary of a time-bound grant, and deletes (audited `grantDeleted`) grants expired more than
 * the retention ago. One run is one write transaction holding the write lock (on PostgreSQL the
 * advisory lock every write takes, so instances on one database run one at a time); it reads the
 * mark `grant_sweeps.sweptUntil`, audits the boundaries in (sweptUntil, now] and advances the
 * mark, so the next run — of this instance or another — starts where it stopped. It bumps the
 * model revision only when it deleted grants (the audit changes no model data).
 */
export class GrantSweepService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: { retentionDays: number },
    private readonly log?: Logger,
    /** The clock; tests may pass their own. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Runs the sweep every `intervalSeconds` (the first run one interval after the start); 0: never. */
  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0) return;
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.running = this.sweep()
          .catch((error: unknown) => this.log?.error({ err: error }, "grant sweep failed; the next run retries"))
          .finally(() => {
            this.running = undefined;
            schedule();
          });
      }, intervalSeconds * 1000);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops the schedule and waits for a run in progress (graceful shutdown, before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One run: audit the boundaries since the mark, delete what is past retention. */
  sweep(): Promise<GrantSweepResult> {
    return this.db.transaction(
      async (manager) => {
        // "now" after the write lock is held: a run that waited sees the mark its predecessor left.
        const now = this.clock();
        const state = await manager.findOne(GrantSweep, { where: { id: GRANT_SWEEP_ID } });
        const result: GrantSweepResult = { interval: null, activated: 0, expired: 0, deleted: 0 };
        if (!state) {
          // The first run on this database starts the mark: boundaries before it are history.
          await manager.insert(GrantSweep, { id: GRANT_SWEEP_ID, sweptUntil: now });
        } else if (now > state.sweptUntil) {
          result.interval = { from: state.sweptUntil, to: now };
          const boundaries = await this.boundaries(manager, state.sweptUntil, now);
          boundaries.sort((a, b) => a.at - b.at || a.entry.operation.localeCompare(b.entry.operation));
          await recordSystemAudit(
            manager,
            boundaries.map((b) => b.entry),
          );
          result.activated = boundaries.filter((b) => b.entry.operation === "grantActivated").length;
          result.expired = boundaries.length - result.activated;
          await manager.update(GrantSweep, { id: GRANT_SWEEP_ID }, { sweptUntil: now });
        }
        result.deleted = await this.deleteExpired(manager, now - this.options.retentionDays * DAY_MS);
        if (result.activated + result.expired + result.deleted > 0) this.log?.info(result, "grant sweep");
        else this.log?.debug(result, "grant sweep: nothing to record");
        return result;
      },
      { touchesModel: (result) => result.deleted > 0 },
    );
  }

  /**
   * The boundaries in (from, to] of every grant table. A boundary counts only after the grant's
   * creation: a grant created already active gets no `grantActivated`, one imported already
   * expired no `grantExpired`. SQLite stores createdAt to the second, so there a boundary within
   * the second of the creation is taken as before it.
   */
  private async boundaries(manager: EntityManager, from: number, to: number): Promise<Boundary[]> {
    const precision = this.db.kind === "postgres" ? 1 : 1000;
    const found: Boundary[] = [];
    for (const table of GRANT_TABLES) {
      for (const [column, operation] of [
        ["validFrom", "grantActivated"],
        ["expiresAt", "grantExpired"],
      ] as const) {
        // A range on the column itself: group_members has a partial index on each bound.
        const rows = await manager.getRepository(table.entity).createQueryBuilder("g").where(`g.${column} > :from AND g.${column} <= :to`, { from, to }).getMany();
        for (const row of rows) {
          const at = row[column] as number;
          if (at < row.createdAt.getTime() + precision) continue;
          found.push({ at, entry: entryOf(table, row, operation) });
        }
      }
    }
    return found;
  }

  /** Deletes (up to a batch per table) the grants that expired at or before `cutoff`, each audited `grantDeleted`. */
  private async deleteExpired(manager: EntityManager, cutoff: number): Promise<number> {
    const entries: SystemAuditEntry[] = [];
    // Member roles first: deleting a membership deletes its roles too, and those are audited with it.
    for (const table of [groupMembership, userRole, organizationMemberRole, organizationMembership] as Array<GrantTable<GrantRow>>) {
      const rows = await manager
        .getRepository(table.entity)
        .createQueryBuilder("g")
        .where("g.expiresAt <= :cutoff", { cutoff })
        .orderBy("g.expiresAt")
        .limit(RETENTION_BATCH)
        .getMany();
      for (const row of rows) {
        if (table === (organizationMembership as GrantTable<GrantRow>)) {
          const roles = await manager.find(OrganizationMemberRole, { where: { organizationId: row.organizationId as string, userId: row.userId } });
          for (const role of roles) entries.push(entryOf(organizationMemberRole as GrantTable<GrantRow>, role as GrantRow, "grantDeleted"));
          await manager.delete(OrganizationMemberRole, { organizationId: row.organizationId as string, userId: row.userId });
        }
        await manager.delete(table.entity, table.key(row));
        entries.push(entryOf(table, row, "grantDeleted"));
      }
    }
    await recordSystemAudit(manager, entries);
    return entries.length;
  }
}

/** The audit entry of one boundary or deletion (docs/design.md §13.3: the contract's shape). */
function entryOf(table: GrantTable<GrantRow>, row: GrantRow, operation: "grantActivated" | "grantExpired" | "grantDeleted"): SystemAuditEntry {
  const key = table.key(row);
  return {
    operation,
    targetIds: Object.values(key),
    details: {
      kind: table.kind,
      ...key,
      validFrom: row.validFrom === null ? null : new Date(row.validFrom).toISOString(),
      expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
    },
  };
}
