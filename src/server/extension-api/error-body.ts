import type { ServerResponse } from "node:http";
import { sendJson } from "../http-utils";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
};

/** The extension's error body, `{statusCode, error, message}`; `error` is the status's reason unless given (`ValidationError`, `NotFoundError`). */
export function sendExtensionError(res: ServerResponse, statusCode: number, message: string, error?: string): void {
  sendJson(res, statusCode, { statusCode, error: error ?? REASONS[statusCode] ?? "Internal Server Error", message });
}
