import { cycleText, findCycles } from "../common/graph";
import { nameKey } from "../common/names";
import { NestingEdge } from "./import.cycles";
import { IdList } from "./import.model";
import { nestingGraph, ResultingModel } from "./import.references";

const quoted = (value: string) => JSON.stringify(value);

/**
 * `repair` (docs/design.md §7, "Repair"): makes a dirty export importable by dropping what the
 * reference check (`checkReferences`) would refuse as a dangling id, and by breaking nesting
 * cycles. It edits the model in place — a dropped id becomes `undefined` in its list, so the
 * paths of the other items stay what the file says — and returns one warning per dropped item,
 * each starting with its path. Run before `checkReferences`, which then finds none of these.
 *
 * Dropped: an unknown group id in `groups[i].nested` and a group nested in itself; an unknown
 * role id in `groups[i].roles`; an unknown permission id in `roles[i].permissions`. Members and
 * role users are user ids (unknown ones become stub users) and role or permission application
 * ids become stub applications, so neither is ever dangling. Everything else stays a problem:
 * names colliding ignoring case (two groups never merge silently), a permission of another
 * application, a mapping id held by another group, unsupported application types.
 *
 * Cycle rule: while the resulting nesting has a cycle (the one `checkReferences` would report
 * for each strongly connected component), the edge dropped from it is, among the cycle's edges
 * that the file states, the one whose (parent name, child name) sorts last — names compared
 * ignoring case (their name keys, unique), then by the file path. The file's order therefore
 * does not decide which edge goes, only the names do.
 */
export function repairReferences(result: ResultingModel): string[] {
  const warnings: string[] = [];
  const drop = (list: IdList, j: number, path: string, what: string) => {
    list[j] = undefined;
    warnings.push(`${path}: ${what} dropped (--repair)`);
  };

  for (const group of result.model.groups) {
    const path = `groups[${group.index}]`;
    const nested = group.nested;
    nested?.forEach((child, j) => {
      if (child === undefined) return;
      if (child === group.id) drop(nested, j, `${path}.nested[${j}]`, `group "${group.name ?? group.id}" nested in itself`);
      else if (!result.hasGroup(child)) drop(nested, j, `${path}.nested[${j}]`, `unknown group id ${quoted(child)}`);
    });
    const roles = group.roles;
    roles?.forEach((roleId, j) => {
      if (roleId !== undefined && !result.role(roleId)) drop(roles, j, `${path}.roles[${j}]`, `unknown role id ${quoted(roleId)}`);
    });
  }
  for (const role of result.model.roles) {
    const permissions = role.permissions;
    permissions?.forEach((permissionId, j) => {
      if (permissionId !== undefined && !result.permission(permissionId)) {
        drop(permissions, j, `roles[${role.index}].permissions[${j}]`, `unknown permission id ${quoted(permissionId)}`);
      }
    });
  }
  breakCycles(result, warnings);
  return warnings;
}

/** The position in `nested` of a file edge's path, "groups[3].nested[1]" → 1 (`ResultingModel.childrenOf` writes them). */
function nestedPosition(path: string): number {
  const match = /\.nested\[(\d+)\]$/.exec(path);
  if (!match) throw new Error(`not a nesting path: ${path}`);
  return Number(match[1]);
}

function breakCycles(result: ResultingModel, warnings: string[]): void {
  const order = result.model.groups.map((g) => g.id);
  const sortKey = (id: string) => nameKey(result.groupName(id));
  for (;;) {
    const cycles = findCyclesWithEdges(order, nestingGraph(result));
    let dropped = 0;
    for (const cycle of cycles) {
      // Stored nestings are acyclic, so a cycle always has an edge that the file states; were
      // one not to, it is left for `checkReferences` to report (and the loop ends).
      const candidates = cycle.steps.filter((step) => step.edge.path !== null);
      if (candidates.length === 0) continue;
      dropped += 1;
      candidates.sort((a, b) => {
        const ka = [sortKey(a.parent), sortKey(a.edge.child), a.edge.path!];
        const kb = [sortKey(b.parent), sortKey(b.edge.child), b.edge.path!];
        for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
        return 0;
      });
      const chosen = candidates[candidates.length - 1];
      const path = chosen.edge.path!;
      result.groups.get(chosen.parent)!.nested![nestedPosition(path)] = undefined;
      const names = cycle.ids.map((id) => result.groupName(id));
      warnings.push(
        `${path}: nesting of "${result.groupName(chosen.edge.child)}" in "${result.groupName(chosen.parent)}" dropped to break the cycle ${cycleText(names)} (--repair drops the cycle's edge whose (parent name, child name) sorts last)`,
      );
    }
    if (dropped === 0) return;
  }
}

interface CycleSteps {
  ids: string[];
  steps: Array<{ parent: string; edge: NestingEdge }>;
}

/** The cycles `checkReferences` reports (common/graph's `findCycles`), with each edge's parent. */
function findCyclesWithEdges(order: readonly string[], edges: ReadonlyMap<string, readonly NestingEdge[]>): CycleSteps[] {
  return findCycles(order, edges).map((cycle) => ({
    ids: cycle.ids,
    steps: cycle.edges.map((edge, i) => ({ parent: cycle.ids[i], edge })),
  }));
}
