import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FairDispatch } from "./fair-dispatch";

/** A request on `socket` and its response; `finish` is what the server emits once the response has left. */
function exchange(socket: object, name: string) {
  const req = { socket, name } as unknown as IncomingMessage & { name: string };
  const res = new EventEmitter() as unknown as ServerResponse;
  return { req, res, finish: () => res.emit("finish") };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("FairDispatch", () => {
  it("starts the requests of one turn in the order their connections were last answered", async () => {
    const handled: string[] = [];
    const dispatch = new FairDispatch((req) => handled.push((req as IncomingMessage & { name: string }).name));
    const [a, b, c] = [{}, {}, {}];

    // First turn: new connections keep the order they were read in.
    const first = [exchange(a, "a1"), exchange(b, "b1"), exchange(c, "c1")];
    for (const x of first) dispatch.accept(x.req, x.res);
    expect(handled).toEqual([]);
    await nextTurn();
    expect(handled).toEqual(["a1", "b1", "c1"]);

    // Answered c, then a, then b: the next turn serves them in that order, whatever the poll's.
    first[2].finish();
    first[0].finish();
    first[1].finish();
    for (const x of [exchange(b, "b2"), exchange(a, "a2"), exchange(c, "c2")]) dispatch.accept(x.req, x.res);
    await nextTurn();
    expect(handled.slice(3)).toEqual(["c2", "a2", "b2"]);
  });

  it("keeps two requests of one connection (pipelined) in their order, and a new connection first", async () => {
    const handled: string[] = [];
    const dispatch = new FairDispatch((req) => handled.push((req as IncomingMessage & { name: string }).name));
    const [a, b] = [{}, {}];
    const opening = exchange(a, "a0");
    dispatch.accept(opening.req, opening.res);
    await nextTurn();
    opening.finish();
    for (const x of [exchange(a, "a1"), exchange(a, "a2"), exchange(b, "b1")]) dispatch.accept(x.req, x.res);
    await nextTurn();
    expect(handled).toEqual(["a0", "b1", "a1", "a2"]);
  });
});
