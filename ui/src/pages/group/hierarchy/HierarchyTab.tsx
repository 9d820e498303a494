/**
 * The Hierarchy tab (a lazily loaded chunk: @xyflow/react and dagre are only fetched when it
 * opens). It starts with the group, its parents and its children, and grows on click: an
 * ancestor loads its own parents, a descendant its children. Each expansion adds at most
 * CHILDREN_PER_STEP children (a "+N more" node adds the next ones) and the graph stops growing
 * at MAX_NODES, so a group with thousands of children stays a readable, responsive picture.
 */
import "@xyflow/react/dist/style.css";
import "./hierarchy.css";
import { Graph, layout } from "@dagrejs/dagre";
import { Anchor, Group, Stack, Text } from "@mantine/core";
import { Background, Controls, Position, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeMouseHandler } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useClient } from "urql";
import { Link } from "../../../app/router";
import { ErrorPanel } from "../../../components/ErrorPanel";
import { errorsOf, type GatehouseErrorInfo } from "../../../graphql/errors";
import { groupPath, type GroupTabProps } from "../paths";
import { HierarchyNeighboursQuery, type GroupRef } from "./hierarchy.documents";

const CHILDREN_PER_STEP = 25;
const MAX_NODES = 300;
const NODE_WIDTH = 190;
const NODE_HEIGHT = 44;
const MIN_CANVAS_HEIGHT = 320;
const MAX_CANVAS_HEIGHT = 1200;

type Side = "center" | "ancestor" | "descendant";

interface HNode {
  id: string;
  name: string;
  side: Side;
  /** Parents (ancestors) or children (descendants) already fetched. */
  expanded: boolean;
  /** Fetched, and there were none in that direction. */
  none?: boolean;
}

/** Children not shown yet, per parent: the "+N more" node reveals them CHILDREN_PER_STEP at a time. */
type Pending = Map<string, GroupRef[]>;

interface Model {
  nodes: Map<string, HNode>;
  edges: Set<string>;
  pending: Pending;
}

const MORE_PREFIX = "more:";
const edgeKey = (parent: string, child: string) => `${parent}\u0000${child}`;

function addNode(model: Model, ref: GroupRef, side: Side): boolean {
  if (model.nodes.has(ref.id)) return true;
  if (model.nodes.size >= MAX_NODES) return false;
  model.nodes.set(ref.id, { id: ref.id, name: ref.name, side, expanded: false });
  return true;
}

/** Adds the next children of `parentId` from its pending list. */
function revealChildren(model: Model, parentId: string): void {
  const waiting = model.pending.get(parentId) ?? [];
  const shown = waiting.slice(0, CHILDREN_PER_STEP);
  const added = shown.filter((child) => addNode(model, child, "descendant"));
  added.forEach((child) => model.edges.add(edgeKey(parentId, child.id)));
  const rest = waiting.slice(added.length);
  if (rest.length > 0) model.pending.set(parentId, rest);
  else model.pending.delete(parentId);
}

/** The second line of a node: what clicking it does, or what it showed. */
function hintOf(node: HNode, busy: boolean): string {
  if (node.side === "center") return "this group";
  if (busy) return "loading…";
  if (!node.expanded) return node.side === "ancestor" ? "click: its parents" : "click: its children";
  if (node.none) return node.side === "ancestor" ? "no parents" : "no nested groups";
  return "";
}

/** Lays the graph out left to right (parents on the left, children on the right) with dagre; also its height. */
function laidOut(model: Model, centerId: string, busyId: string | null): { nodes: Node[]; edges: Edge[]; height: number } {
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 10, ranksep: 72, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes.values()) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const key of model.edges) {
    const [parent, child] = key.split("\u0000");
    graph.setEdge(parent, child);
  }
  for (const parentId of model.pending.keys()) {
    graph.setNode(MORE_PREFIX + parentId, { width: NODE_WIDTH, height: NODE_HEIGHT });
    graph.setEdge(parentId, MORE_PREFIX + parentId);
  }
  layout(graph);
  const placed = new Map<string, { x: number; y: number }>();
  for (const id of graph.nodes()) placed.set(id, { ...(graph.node(id) as { x: number; y: number }) });
  // dagre orders a column of siblings as it likes: list each parent's children by name, top to bottom.
  const childrenOf = new Map<string, string[]>();
  for (const key of model.edges) {
    const [parent, child] = key.split("\u0000");
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), child]);
  }
  for (const children of childrenOf.values()) {
    const slots = children.map((id) => placed.get(id)!).sort((a, b) => a.y - b.y);
    const byName = [...children].sort((a, b) => model.nodes.get(a)!.name.localeCompare(model.nodes.get(b)!.name));
    const ys = slots.map((slot) => slot.y);
    byName.forEach((id, i) => (placed.get(id)!.y = ys[i]));
  }
  // "+N more" goes below its parent's last child.
  for (const parentId of model.pending.keys()) {
    const column = (childrenOf.get(parentId) ?? []).map((id) => placed.get(id)!);
    if (column.length === 0) continue;
    const more = placed.get(MORE_PREFIX + parentId)!;
    more.x = column[0].x;
    more.y = Math.max(...column.map((slot) => slot.y)) + NODE_HEIGHT + 10;
  }
  const position = (id: string) => {
    const { x, y } = placed.get(id)!;
    return { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
  };
  const nodes: Node[] = [...model.nodes.values()].map((node) => {
    const hint = hintOf(node, busyId === node.id);
    return {
      id: node.id,
      position: position(node.id),
      className: `h-node h-${node.side}`,
      data: {
        label: (
          <span className="h-label">
            <span className="h-name">{node.name}</span>
            {hint && <span className="h-hint">{hint}</span>}
          </span>
        ),
      },
      style: { width: NODE_WIDTH },
      connectable: false,
      draggable: false,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      ariaLabel: `${node.name}${node.id === centerId ? " (this group)" : ""}`,
    };
  });
  for (const [parentId, waiting] of model.pending) {
    nodes.push({
      id: MORE_PREFIX + parentId,
      position: position(MORE_PREFIX + parentId),
      className: "h-node h-more",
      data: { label: <span className="h-label">+{waiting.length} more children</span> },
      style: { width: NODE_WIDTH },
      connectable: false,
      draggable: false,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      ariaLabel: `Show ${Math.min(CHILDREN_PER_STEP, waiting.length)} more of ${waiting.length} remaining children`,
    });
  }
  const edges: Edge[] = [...model.edges].map((key) => {
    const [source, target] = key.split("\u0000");
    return { id: key, source, target };
  });
  for (const parentId of model.pending.keys()) edges.push({ id: `${parentId}\u0000more`, source: parentId, target: MORE_PREFIX + parentId, style: { strokeDasharray: "4 4" } });
  return { nodes, edges, height: (graph.graph() as { height?: number }).height ?? 0 };
}

function HierarchyGraph({ group }: GroupTabProps) {
  const client = useClient();
  const flow = useReactFlow();
  const [model, setModel] = useState<Model>(() => ({
    nodes: new Map([[group.id, { id: group.id, name: group.name, side: "center", expanded: false }]]),
    edges: new Set(),
    pending: new Map(),
  }));
  const [busyId, setBusyId] = useState<string | null>(null);
  const [errors, setErrors] = useState<GatehouseErrorInfo[]>([]);
  const [selected, setSelected] = useState<GroupRef>({ id: group.id, name: group.name });
  const started = useRef(false);

  /** Fetches `id`'s parents and children and adds the side(s) asked for. */
  const expand = useCallback(
    async (id: string, side: Side) => {
      setBusyId(id);
      const result = await client.query(HierarchyNeighboursQuery, { id }, { requestPolicy: "network-only" }).toPromise();
      setBusyId(null);
      if (result.error) {
        setErrors(errorsOf(result.error));
        return;
      }
      const found = result.data?.group;
      if (!found) return;
      setModel((current) => {
        const next: Model = { nodes: new Map(current.nodes), edges: new Set(current.edges), pending: new Map(current.pending) };
        const self = next.nodes.get(id);
        const none = side === "ancestor" ? found.parentGroups.length === 0 : side === "descendant" ? found.nestedGroups.length === 0 : false;
        if (self) next.nodes.set(id, { ...self, expanded: true, none });
        if (side === "center" || side === "ancestor") {
          for (const parent of found.parentGroups) if (addNode(next, parent, "ancestor")) next.edges.add(edgeKey(parent.id, id));
        }
        if (side === "center" || side === "descendant") {
          const shown = new Set([...next.edges].filter((key) => key.startsWith(`${id}\u0000`)).map((key) => key.split("\u0000")[1]));
          next.pending.set(
            id,
            found.nestedGroups.filter((child) => !shown.has(child.id)),
          );
          revealChildren(next, id);
        }
        return next;
      });
    },
    [client],
  );

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void expand(group.id, "center");
  }, [expand, group.id]);

  const { nodes, edges, height } = useMemo(() => laidOut(model, group.id, busyId), [model, group.id, busyId]);
  // The canvas grows with a long column of children (up to a limit) so they stay readable; the page scrolls.
  const canvasHeight = Math.round(Math.min(MAX_CANVAS_HEIGHT, Math.max(MIN_CANVAS_HEIGHT, height * 0.8 + 32)));

  // Re-frame the picture when it grows.
  const nodeCount = nodes.length;
  useEffect(() => {
    const timer = window.setTimeout(() => void flow.fitView({ padding: 0.08, minZoom: 0.75, maxZoom: 1, duration: 200 }), 50);
    return () => window.clearTimeout(timer);
  }, [nodeCount, canvasHeight, flow]);

  /** A click, or Enter / Space on a focused node: expand it, or show the next children. */
  const activate = (nodeId: string) => {
    if (nodeId.startsWith(MORE_PREFIX)) {
      const parentId = nodeId.slice(MORE_PREFIX.length);
      setModel((current) => {
        const next: Model = { nodes: new Map(current.nodes), edges: new Set(current.edges), pending: new Map(current.pending) };
        revealChildren(next, parentId);
        return next;
      });
      return;
    }
    const target = model.nodes.get(nodeId);
    if (!target) return;
    setSelected({ id: target.id, name: target.name });
    if (!target.expanded && target.side !== "center" && busyId === null) void expand(target.id, target.side);
  };
  const onNodeClick: NodeMouseHandler = (_event, node) => activate(node.id);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const id = (event.target as HTMLElement).closest<HTMLElement>(".react-flow__node")?.dataset.id;
    if (!id) return;
    event.preventDefault();
    activate(id);
  };

  const full = model.nodes.size >= MAX_NODES;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Parents are on the left, nested groups on the right. Click an ancestor (or focus it and press Enter) to show its parents, a nested group to show its children;{" "}
        {CHILDREN_PER_STEP} children are shown at a time (&ldquo;+N more&rdquo; shows the next ones).
      </Text>
      <ErrorPanel errors={errors} />
      <div className="hierarchy-canvas" role="region" aria-label={`Hierarchy around ${group.name}`} style={{ height: canvasHeight }} onKeyDown={onKeyDown}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          minZoom={0.2}
          panOnScroll
          fitView
          fitViewOptions={{ padding: 0.08, minZoom: 0.75, maxZoom: 1 }}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {model.nodes.size} {model.nodes.size === 1 ? "group" : "groups"} shown{full ? ` (the view stops at ${MAX_NODES}: open a group's page to go further)` : ""}.
        </Text>
        <Text size="sm">
          {selected.id === group.id ? (
            "Click a group to select it."
          ) : (
            <>
              Selected:{" "}
              <Anchor component={Link} to={groupPath(selected.id, "hierarchy")}>
                open {selected.name}&rsquo;s hierarchy
              </Anchor>
            </>
          )}
        </Text>
      </Group>
    </Stack>
  );
}

export default function HierarchyTab({ group }: GroupTabProps) {
  return (
    <ReactFlowProvider>
      <HierarchyGraph key={group.id} group={group} />
    </ReactFlowProvider>
  );
}
