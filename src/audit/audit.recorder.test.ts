import { targetIdsOf } from "./audit.recorder";

describe("targetIdsOf", () => {
  it("takes the ids of id, …Id, …Ids and _id keys at any depth, and the result's id", () => {
    const args = { groupId: "g1", userIds: ["u1", "u2"], input: { id: "x1", name: "not an id" }, data: { groups: [{ _id: "g2", members: ["u3"] }] } };
    expect(targetIdsOf(args, { id: "r1" }).sort()).toEqual(["g1", "g2", "r1", "u1", "u2", "x1"]);
  });

  it("skips strings too long to be an id, and keeps at most 1,000", () => {
    expect(targetIdsOf({ data: { other: { _id: "x".repeat(256) } }, id: "y".repeat(255) }, null)).toEqual(["y".repeat(255)]);
    const many = { data: { groups: Array.from({ length: 1500 }, (_, i) => ({ _id: `g${i}` })) } };
    expect(targetIdsOf(many, null)).toHaveLength(1000);
  });
});
