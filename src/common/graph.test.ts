import { cycleText, findCycles, GraphEdge, reachable } from "./graph";

/** Unit tests of the generic graph code: the closure behind "effective", and the one cycle check of nesting and import. */

function graph(pairs: Array<[string, string]>): Map<string, Array<GraphEdge & { n: number }>> {
  const edges = new Map<string, Array<GraphEdge & { n: number }>>();
  pairs.forEach(([parent, child], n) => {
    const list = edges.get(parent) ?? [];
    list.push({ child, n });
    edges.set(parent, list);
  });
  return edges;
}

const next = (edges: Map<string, GraphEdge[]>) => (id: string) => edges.get(id)?.map((edge) => edge.child);

describe("reachable", () => {
  it("holds the start and everything reachable from it, each once", () => {
    const edges = graph([
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ]);
    expect([...reachable(["a"], next(edges))].sort()).toEqual(["a", "b", "c", "d"]);
    expect([...reachable(["c", "c"], next(edges))].sort()).toEqual(["c", "d"]);
    expect([...reachable([], next(edges))]).toEqual([]);
  });

  it("terminates on cycles and self-loops", () => {
    const edges = graph([
      ["a", "b"],
      ["b", "a"],
      ["b", "b"],
    ]);
    expect([...reachable(["b"], next(edges))].sort()).toEqual(["a", "b"]);
  });
});

describe("findCycles", () => {
  it("finds none in a DAG where a node has two parents", () => {
    expect(
      findCycles(
        ["a", "b", "c", "d"],
        graph([
          ["a", "b"],
          ["a", "c"],
          ["b", "d"],
          ["c", "d"],
        ]),
      ),
    ).toEqual([]);
  });

  it("reports a shortest cycle per strongly connected component, with the edges taken, from the first node in order", () => {
    const edges = graph([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["c", "b"],
      ["p", "q"],
      ["q", "p"],
      ["x", "a"],
    ]);
    const cycles = findCycles(["q", "x", "b"], edges);
    expect(cycles.map((c) => c.ids)).toEqual([
      ["q", "p", "q"],
      ["b", "c", "b"],
    ]);
    expect(cycles[1].edges.map((e) => e.n)).toEqual([1, 3]);
  });

  it("starts a component none of whose nodes is in order at one of them, and lists it last", () => {
    const cycles = findCycles(
      ["a"],
      graph([
        ["m", "n"],
        ["n", "m"],
        ["a", "b"],
        ["b", "a"],
      ]),
    );
    expect(cycles.map((c) => c.ids[0])).toEqual(["a", expect.stringMatching(/^[mn]$/)]);
  });

  it("counts a self-loop as a cycle of one node", () => {
    expect(
      findCycles(
        ["a"],
        graph([
          ["a", "b"],
          ["b", "b"],
        ]),
      ),
    ).toEqual([{ ids: ["b", "b"], edges: [{ child: "b", n: 1 }] }]);
  });

  it("names the cycle a new edge closes over a DAG (the nesting check): the shortest way back", () => {
    // Stored DAG a → b → c and a → c; nesting a in c (the edge c → a) closes c → a → c, not c → a → b → c.
    const edges = graph([
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
      ["c", "a"],
    ]);
    expect(findCycles(["c"], edges)[0].ids).toEqual(["c", "a", "c"]);
  });

  it("walks a 50,000-deep chain without overflowing the stack", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `g${i}`);
    const pairs: Array<[string, string]> = ids.slice(1).map((id, i) => [ids[i], id]);
    expect(findCycles(ids, graph(pairs))).toEqual([]);
    pairs.push([ids[ids.length - 1], ids[0]]);
    expect(findCycles(ids, graph(pairs))[0].ids).toHaveLength(50_001);
  });
});

describe("cycleText", () => {
  it("joins the names with arrows, as both cycle messages show them", () => {
    expect(cycleText(["A", "B", "C", "A"])).toBe("A → B → C → A");
  });
});
