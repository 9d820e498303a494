import { setFlagsFromString } from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for the serving process.
 *
 * V8 watches, per allocation site, how many of its objects survive a young-generation
 * collection; above a threshold it allocates that site's objects straight into the old
 * generation from then on. A server's request objects die young, but during a burst — logins
 * arriving while the model cache is cold, or a hook fleet reconnecting at once — a scavenge finds
 * many requests in flight, and their sites (Apollo's request pipeline, the HTTP parser, ours)
 * get tenured for good. Measured on the `large` benchmark after 128 concurrent cold logins: the
 * old generation then grew ~65 MB/s and was mark-compacted every 2.5 s, scavenges took 3–5 ms
 * instead of 1.5, and p99 went from ~8 ms to ~30 ms for the rest of the process's life. With
 * pretenuring off, the same burst left no trace. Cost: long-lived objects built at once (a
 * model-cache reload) are copied through the young generation first.
 *
 * The flag is read when V8 evaluates its feedback (at each scavenge), so setting it at start,
 * before the server takes requests, is effective. The CLI's batch commands (import, export)
 * keep the default: they build large long-lived structures, which pretenuring helps.
 */
export function tuneGcForServing(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}

/**
 * Gives `object` dictionary-mode properties (V8's hash-table form), with the same properties and
 * values.
 *
 * On Node 20's V8 (11.3), an object literal that spreads an object with fast properties and then
 * adds one (`{ ...object, extra }`, or `Object.assign({ ...object }, more)`) gets a new hidden
 * class every time it is evaluated, and hidden classes live in the old generation: the copy of a
 * 14-property object left ~300 bytes there per copy. The copy of a dictionary-mode object takes
 * cached transitions and leaves nothing. Apollo's pipeline copies the request context and its
 * response head that way on every operation, which made the GraphQL route the one that filled the
 * old generation under load (docs/design.md §10, bench/README.md). Deleting a property other than the last is
 * what turns an object's properties into a dictionary; the property is put back at once.
 */
export function useDictionaryProperties(object: object): void {
  const properties = object as Record<string, unknown>;
  const [first] = Object.keys(properties);
  if (first === undefined) return;
  const value = properties[first];
  delete properties[first];
  properties[first] = value;
}
