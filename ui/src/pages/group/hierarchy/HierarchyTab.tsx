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
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeMouseHandler } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
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

type Side = "center" | "ancestor" | "descendant";

interface HNode {
  id: string;
  name: string;
  side: Side;
  /** Parents (ancestors) or children (descendants) already fetched. */
  expanded: boolean;
  loading?: boolean;
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

/** Lays the graph out top-down (parents above children) with dagre. */
function laidOut(model: Model, centerId: string, busyId: string | null): { nodes: Node[]; edges: Edge[] } {
  const graph = new Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 56, marginx: 16, marginy: 16 });
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
  const position = (id: string) => {
    const { x, y } = graph.node(id) as { x: number; y: number };
    return { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
  };
  const nodes: Node[] = [...model.nodes.values()].map((node) => {
    const hint =
      node.side === "center"
        ? "this group"
        : node.loading || busyId === node.id
          ? "loading…"
          : node.expanded
            ? ""
            : node.side === "ancestor"
              ? "click: its parents"
              : "click: its children";
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
      ariaLabel: `Show ${Math.min(CHILDREN_PER_STEP, waiting.length)} more of ${waiting.length} remaining children`,
    });
  }
  const edges: Edge[] = [...model.edges].map((key) => {
    const [source, target] = key.split("\u0000");
    return { id: key, source, target };
  });
  for (const parentId of model.pending.keys()) edges.push({ id: `${parentId}\u0000more`, source: parentId, target: MORE_PREFIX + parentId, style: { strokeDasharray: "4 4" } });
  return { nodes, edges };
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
        if (self) next.nodes.set(id, { ...self, expanded: true });
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

  const { nodes, edges } = useMemo(() => laidOut(model, group.id, busyId), [model, group.id, busyId]);

  // Re-frame the picture when it grows.
  const nodeCount = nodes.length;
  useEffect(() => {
    const timer = window.setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1.2, duration: 200 }), 50);
    return () => window.clearTimeout(timer);
  }, [nodeCount, flow]);

  const onNodeClick: NodeMouseHandler = (_event, node) => {
    if (node.id.startsWith(MORE_PREFIX)) {
      const parentId = node.id.slice(MORE_PREFIX.length);
      setModel((current) => {
        const next: Model = { nodes: new Map(current.nodes), edges: new Set(current.edges), pending: new Map(current.pending) };
        revealChildren(next, parentId);
        return next;
      });
      return;
    }
    const target = model.nodes.get(node.id);
    if (!target) return;
    setSelected({ id: target.id, name: target.name });
    if (!target.expanded && target.side !== "center" && busyId === null) void expand(target.id, target.side);
  };

  const full = model.nodes.size >= MAX_NODES;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Parents are above, nested groups below. Click an ancestor to show its parents, a nested group to show its children; {CHILDREN_PER_STEP} children are shown at a time
        (&ldquo;+N more&rdquo; shows the next ones).
      </Text>
      <ErrorPanel errors={errors} />
      <div className="hierarchy-canvas" role="region" aria-label={`Hierarchy around ${group.name}`}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          minZoom={0.1}
          fitView
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
