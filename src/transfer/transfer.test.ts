import { findCycles, NestingEdge } from "./import.cycles";
import { JsonTextSink } from "./export.json";

function graph(pairs: Array<[string, string]>): Map<string, NestingEdge[]> {
  const edges = new Map<string, NestingEdge[]>();
  pairs.forEach(([parent, child], i) => {
    const list = edges.get(parent) ?? [];
    list.push({ child, path: `edge[${i}]` });
    edges.set(parent, list);
  });
  return edges;
}

describe("findCycles", () => {
  it("finds none in a DAG where a group has two parents", () => {
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

  it("reports one shortest cycle per strongly connected component, from the first group in file order", () => {
    const cycles = findCycles(
      ["x", "a", "b", "c", "p", "q"],
      graph([
        ["a", "b"],
        ["b", "c"],
        ["c", "a"],
        ["c", "b"],
        ["p", "q"],
        ["q", "p"],
        ["x", "a"],
      ]),
    );
    expect(cycles).toEqual([
      { ids: ["a", "b", "c", "a"], path: "edge[0]" },
      { ids: ["p", "q", "p"], path: "edge[4]" },
    ]);
  });

  it("names the first edge stated in the file when the others are stored", () => {
    const edges = new Map<string, NestingEdge[]>([
      ["a", [{ child: "b", path: null }]],
      ["b", [{ child: "a", path: "groups[1].nested[0]" }]],
    ]);
    expect(findCycles(["b"], edges)).toEqual([{ ids: ["b", "a", "b"], path: "groups[1].nested[0]" }]);
  });

  it("walks a 50,000-deep chain without overflowing the stack", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `g${i}`);
    const pairs: Array<[string, string]> = ids.slice(1).map((id, i) => [ids[i], id]);
    expect(findCycles(ids, graph(pairs))).toEqual([]);
    pairs.push([ids[ids.length - 1], ids[0]]);
    const [cycle] = findCycles(ids, graph(pairs));
    expect(cycle.ids).toHaveLength(50_001);
  });
});

describe("JsonTextSink", () => {
  it("writes exactly JSON.stringify(document, null, 2) plus a newline, empty sections included", async () => {
    const document = {
      configuration: [{ _id: "v1", groupsInToken: true, claimNamespace: null }],
      groups: [],
      roles: [{ _id: "r", name: 'Rôle "quoted"\n', permissions: [], users: ["u1", "u2"] }],
      users: [{ id: "a" }, { id: "b", nested: { deep: [1, { x: [] }] } }],
    };
    let text = "";
    const sink = new JsonTextSink(async (chunk) => {
      text += chunk;
    });
    for (const [key, items] of Object.entries(document)) {
      await sink.section(key as never);
      await sink.items(items.slice(0, 1));
      await sink.items(items.slice(1));
    }
    await sink.end();
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
