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
