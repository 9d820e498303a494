import { IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field, ID, ObjectType } from "type-graphql";
import { RequestContext } from "../context/request-context";
import { BadUserInputError } from "../common/errors";
import { LIMITS } from "../common/limits";
import { Connection, decodeCursor, Page, PageArgs, pageSize, toPage } from "../common/pagination";
import { Database } from "../db/database";
import { AuditEntry, AuditTarget } from "./audit-entry.entity";

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only entries naming this id." })
  @IsOptional()
  @MaxLength(LIMITS.id)
  targetId?: string;

  @Field(() => String, { nullable: true, description: "Only entries by this actor (token subject, api-key, cli, or system: the grant sweep)." })
  @IsOptional()
  @MaxLength(LIMITS.actor)
  actor?: string;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}

/** Reads the audit log, newest first. */
export class AuditService {
  constructor(private readonly db: Database) {}

  async list(_ctx: RequestContext, args: AuditLogArgs): Promise<Page<AuditEntry>> {
    const query = this.db.manager.getRepository(AuditEntry).createQueryBuilder("e");
    if (args.targetId != null) {
      query.andWhere(`e.id IN ${query.subQuery().select("t.entryId").from(AuditTarget, "t").where("t.targetId = :targetId").getQuery()}`, { targetId: args.targetId });
    }
    if (args.actor != null) query.andWhere("e.actor = :actor", { actor: args.actor });
    const totalCount = await query.clone().getCount();
    if (args.after) {
      const [id] = decodeCursor(args.after, 1);
      if (!/^\d+$/.test(id)) throw new BadUserInputError("after: not a cursor of the audit log", { field: "after" });
      query.andWhere("e.id < :cursorId", { cursorId: Number(id) });
    }
    const size = pageSize(args.first);
    const rows = await query
      .orderBy("e.id", "DESC")
      .limit(size + 1)
      .getMany();
    return toPage(rows, size, totalCount, (entry) => [String(entry.id)]);
  }
}
