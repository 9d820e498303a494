import type { BaseRequestContext } from "../common/context";
import { TABLES } from "../db/tables";
import { Database } from "../db/database";
import { ImportWriter } from "./import.writer";
import { TransferProgress } from "./transfer.format";
import { ExportedUser } from "./users-import.reader";

/** What `gatehouse users import` did: users created, and known users merged with the export. */
export interface UsersImportResult {
  created: number;
  updated: number;
}

const COUNT_USERS = `SELECT COUNT(*) AS "n" FROM ${TABLES.users.table}`;

/**
 * Merges an Auth0 user export into the directory (docs/design.md §14.2): one transaction through
 * the import's bulk writer, so that 100,000 users take multi-row statements, not 100,000 writes.
 */
export class UsersImportService {
  constructor(private readonly db: Database) {}

  import(ctx: BaseRequestContext, users: readonly ExportedUser[], progress: TransferProgress): Promise<UsersImportResult> {
    return this.db.write(ctx, async (manager) => {
      const count = async () => Number(((await manager.query(COUNT_USERS)) as Array<{ n: number | string }>)[0].n);
      const before = await count();
      await new ImportWriter(manager, this.db.kind, progress).mergeUsers(users);
      const created = (await count()) - before;
      return { created, updated: users.length - created };
    });
  }
}
