import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** One request of the rotation: its path (with query) and JSON body. */
export interface LoadRequest {
  path: string;
  body: string;
}

export interface LoadOptions {
  /** Origin, e.g. http://127.0.0.1:4000 */
  origin: string;
  headers?: Record<string, string>;
  /** Requests sent in rotation (e.g. random users drawn once from the dataset). */
  requests: LoadRequest[];
  connections: number;
  duration: number;
  /** Run the load generator on this CPU only (wrk, through taskset). */
  cpu?: number;
  /**
   * wrk only: each connection pauses before each request for a random, exponentially distributed
   * time of this mean (ms), so that the offered load is close to a Poisson stream instead of the
   * closed loop of a saturation run. Latency is timed from each send.
   */
  meanPauseMs?: number;
}

const WRK = "/usr/bin/wrk";
export const TASKSET = "/usr/bin/taskset";

/** The load generator in use: Debian's wrk when installed (C, light on the CPU), else autocannon. */
export const generator = existsSync(WRK) ? "wrk" : "autocannon";

/** Drives the server from another process (wrk) or from this one (autocannon). */
export function load(options: LoadOptions): Promise<LoadResult> {
  return generator === "wrk" ? loadWithWrk(options) : loadWithAutocannon(options);
}

const luaString = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

async function loadWithWrk(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-wrk-"));
  const script = path.join(dir, "requests.lua");
  const headers = { "content-type": "application/json", ...options.headers };
  writeFileSync(
    script,
    [
      `local requests = {`,
      ...options.requests.map((r) => `  { ${luaString(r.path)}, ${luaString(r.body)} },`),
      `}`,
      `local headers = { ${Object.entries(headers)
        .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
        .join(", ")} }`,
      `local n = 0`,
      `setup = function(thread) thread:set("offset", math.random(#requests)) end`,
      `request = function()`,
      `  n = n + 1`,
      `  local r = requests[((n + (offset or 0)) % #requests) + 1]`,
      `  return wrk.format("POST", r[1], headers, r[2])`,
      `end`,
      ...(options.meanPauseMs === undefined ? [] : pauseScript(options.meanPauseMs)),
      `done = function(summary, latency, requests)`,
      `  local e = summary.errors`,
      `  io.write(string.format("RESULT %f %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6), latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))`,
      `end`,
    ].join("\n"),
  );
  try {
    const args = ["-t", "1", "-c", String(options.connections), "-d", `${options.duration}s`, "--latency", "-s", script, options.origin];
    const [command, commandArgs] = options.cpu === undefined ? [WRK, args] : [TASKSET, ["-c", String(options.cpu), WRK, ...args]];
    const { stdout } = await promisify(execFile)(command, commandArgs, { maxBuffer: 16 * 1024 * 1024 });
    const match = /RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\d+) (\d+)/.exec(stdout);
    if (!match) throw new Error(`wrk printed no result:\n${stdout}`);
    const [rps, mean, p50, p95, p99, errors, non2xx] = match.slice(1).map(Number);
    return { requestsPerSecond: rps, mean, p50, p95, p99, errors, non2xx };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * wrk's `delay()` takes whole milliseconds: the exponential pause is dithered to a whole number
 * (rounded up with the probability of its fraction), so that its mean stays exact.
 */
function pauseScript(meanMs: number): string[] {
  return [
    `math.randomseed(${Math.floor(Math.random() * 1e9)})`,
    `delay = function()`,
    `  local pause = -math.log(1 - math.random()) * ${meanMs}`,
    `  local whole = math.floor(pause)`,
    `  if math.random() < pause - whole then whole = whole + 1 end`,
    `  return whole`,
    `end`,
  ];
}

/**
 * Latency at an offered load of `rate` requests per second (wrk only). Each of the connections
 * pauses between its requests. Two short calibration runs adjust the pause by the shortfall of
 * the rate they achieved (which covers the latency and wrk's timer slack), never below a quarter
 * of the connection's share of the rate, so that a hiccup during calibration cannot turn the
 * run into a saturation run. Returns the measured run, whose achieved rate tells how close to
 * `rate` it came.
 */
export async function loadAtRate(options: Omit<LoadOptions, "meanPauseMs">, rate: number): Promise<LoadResult> {
  if (generator !== "wrk") throw new Error("a fixed offered load needs wrk");
  const cycleMs = (options.connections / rate) * 1000;
  let pause = cycleMs;
  for (let step = 0; step < 2; step++) {
    const calibration = await load({ ...options, duration: 2, meanPauseMs: pause });
    const achievedCycleMs = (options.connections / calibration.requestsPerSecond) * 1000;
    pause = Math.max(cycleMs / 4, pause - (achievedCycleMs - cycleMs));
  }
  return load({ ...options, meanPauseMs: pause });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function loadWithAutocannon(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.duration,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", ...options.headers },
            setupRequest: (request) => {
              const r = options.requests[next++ % options.requests.length];
              return { ...request, path: r.path, body: r.body };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(times).sort();
        resolve({
          requestsPerSecond: result.requests.average,
          mean: result.latency.mean,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
    });
  });
}
