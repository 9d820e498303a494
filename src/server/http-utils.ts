import { IncomingMessage, ServerResponse } from "node:http";
import { GatehouseError } from "../common/errors";

/** The body exceeded the configured limit (answered with 413). */
export class PayloadTooLarge extends Error {}

/** Reads the request body as text, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(new PayloadTooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new PayloadTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A Gatehouse error as a GraphQL-shaped HTTP response (for failures before Apollo runs). */
export function graphqlError(res: ServerResponse, error: GatehouseError): void {
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  sendJson(res, error.httpStatus, { errors: [{ message: error.message, extensions }] });
}

