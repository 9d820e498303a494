import { IncomingMessage, ServerResponse } from "node:http";

/** The body exceeded the configured limit (answered with 413). */
export class PayloadTooLarge extends Error {}

/**
 * Most bytes of a refused body read and thrown away so that the client, still sending, gets
 * its 413 (closing a socket with unread data resets it and the client sees no response).
 * Past this the connection is cut instead.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;

/** Reads the request body as text, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      reject(new PayloadTooLarge());
    };
    if (Number(req.headers["content-length"] ?? 0) > limit) refuse();
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > DISCARD_LIMIT) req.destroy();
        return;
      }
      // A chunked body has no declared length: refuse it when it grows past the limit, but keep
      // reading (and discarding) it like a declared one.
      if (size > limit) return refuse();
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
