import { EntityManager } from "typeorm";
import { unique } from "../common/names";
import { User } from "./user.entity";

/** Creates stub users for ids not stored yet (users are created implicitly when first referenced). */
export async function ensureUsers(manager: EntityManager, userIds: readonly string[]): Promise<void> {
  const wanted = unique(userIds);
  if (wanted.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(User)
    .values(wanted.map((id) => ({ id, email: null, name: null, connection: null })))
    .orIgnore()
    .updateEntity(false)
    .execute();
}
