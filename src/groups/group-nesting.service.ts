import { EntityManager, In } from "typeorm";
import { RequestContext } from "../context/request-context";
import { ConflictError } from "../common/errors";
import { cycleText, findCycles, GraphEdge } from "../common/graph";
import { linkLoader, linksFrom } from "../common/loader-utils";
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
        const cycle = await this.cycleClosedBy(manager, parentId, child.id);
        if (cycle) {
          const names = await this.namesOf(manager, cycle);
          throw new ConflictError(`Nesting "${child.name}" in "${parent.name}" would create a cycle: ${cycleText(names)}`, {
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
   * The cycle (group ids, `parentId` first and last) that nesting `childId` in `parentId` would
   * close, or null: the shared cycle check (common/graph) over the child's descendants, read one
   * query per level, and the new edge. The stored nesting is a DAG, so the cycle reported is a
   * shortest way back from the child to the parent.
   */
  private async cycleClosedBy(manager: EntityManager, parentId: string, childId: string): Promise<string[] | null> {
    const descendants = await linksFrom([childId], linkLoader(manager, GroupNesting, "parentId", "childId"));
    const edges = new Map<string, GraphEdge[]>();
    for (const [id, list] of descendants)
      edges.set(
        id,
        list.map((child) => ({ child })),
      );
    edges.set(parentId, [...(edges.get(parentId) ?? []), { child: childId }]);
    // The parent comes first in `order`, so a cycle through it starts (and is listed) first.
    const [cycle] = findCycles([parentId], edges);
    return cycle?.ids[0] === parentId ? cycle.ids : null;
  }

  private async namesOf(manager: EntityManager, ids: string[]): Promise<string[]> {
    const groups = await manager.findBy(Group, { id: In(unique(ids)) });
    const names = new Map(groups.map((g) => [g.id, g.name]));
    return ids.map((id) => names.get(id) ?? id);
  }
}
