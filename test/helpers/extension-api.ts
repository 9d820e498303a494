import type { TestServer } from "./server";

/** An answer of the extension's REST API: status, the parsed JSON body (undefined for none), headers. */
export interface RestAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls `/api/…` of a test server with a bearer token (default: one with every scope; null: no
 * Authorization header). A body that is not a string is sent as JSON.
 */
export async function rest<T = any>(
  t: TestServer,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<RestAnswer<T>> {
  const token = options.token === undefined ? await t.token() : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${t.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
}

/** The extension's error body. */
export const extensionError = (statusCode: number, error: string, message: string | ReturnType<typeof expect.stringContaining>) => ({ statusCode, error, message });
