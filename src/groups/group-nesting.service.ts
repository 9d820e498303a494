import { EntityManager, In } from "typeorm";
import { RequestContext } from "../context/request-context";
import { ConflictError } from "../common/errors";
import { unique } from "../common/names";
import { getAllOrThrow, getOrThrow, insertLinks } from "../common/repository";
import { Database } from "../db/database";
import { GroupNesting } from "./group-links.entity";
import { Group } from "./group.entity";

/** Owns nesting: the groups form a DAG, so a nesting that would close a cycle is refused. */
export class GroupNestingService {
  constructor(private readonly db: Database) {}

  /** Makes `childIds` children of `parentId`; refuses self-nesting and cycles, naming the cycle. */
  addNested(ctx: RequestContext, parentId: string, childIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const parent = await getOrThrow(manager, Group, "Group", parentId);
      const children = await getAllOrThrow(manager, Group, "Group", childIds);
      for (const child of children) {
        const path = await this.pathDown(manager, child.id, parentId);
        if (path) {
          const names = await this.namesOf(manager, [parentId, ...path]);
          const cycle = names.join(" → ");
          throw new ConflictError(`Nesting "${child.name}" in "${parent.name}" would create a cycle: ${cycle}`, {
            cycle: names,
          });
        }
        await insertLinks(manager, GroupNesting, [{ parentId, childId: child.id }]);
      }
      return parent;
    });
  }

  removeNested(ctx: RequestContext, parentId: string, childIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const parent = await getOrThrow(manager, Group, "Group", parentId);
      await getAllOrThrow(manager, Group, "Group", childIds);
      if (childIds.length > 0) await manager.delete(GroupNesting, { parentId, childId: In(unique(childIds)) });
      return parent;
    });
  }

  /**
   * The ids on a path from `fromId` down through children to `toId` (both included), or null.
   * Breadth-first, one query per level, so the shortest cycle is the one reported.
   */
  private async pathDown(manager: EntityManager, fromId: string, toId: string): Promise<string[] | null> {
    const cameFrom = new Map<string, string | null>([[fromId, null]]);
    let frontier = [fromId];
    while (frontier.length > 0 && !cameFrom.has(toId)) {
      const edges = await manager.findBy(GroupNesting, { parentId: In(frontier) });
      const next: string[] = [];
      for (const edge of edges) {
        if (!cameFrom.has(edge.childId)) {
          cameFrom.set(edge.childId, edge.parentId);
          next.push(edge.childId);
        }
      }
      frontier = next;
    }
    if (!cameFrom.has(toId)) return null;
    const path: string[] = [];
    for (let at: string | null | undefined = toId; at; at = cameFrom.get(at)) path.unshift(at);
    return path;
  }

  private async namesOf(manager: EntityManager, ids: string[]): Promise<string[]> {
    const groups = await manager.findBy(Group, { id: In(unique(ids)) });
    const names = new Map(groups.map((g) => [g.id, g.name]));
    return ids.map((id) => names.get(id) ?? id);
  }
}
