/** The console's session endpoints (DESIGN §11): trading a login link's code, signing out. */

export interface SessionInfo {
  subject: string;
  scopes: string[];
  expiresAt: string;
}

export type TradeResult = { ok: true; session: SessionInfo } | { ok: false; status: number; message: string; code?: string };

/** POST /admin/session {"code"} → the session cookie; the server's message when refused. */
export async function tradeCode(code: string): Promise<TradeResult> {
  let response: Response;
  try {
    response = await fetch("/admin/session", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
  } catch (error) {
    return { ok: false, status: 0, message: `The server could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
  const body = (await response.json().catch(() => null)) as (SessionInfo & { errors?: Array<{ message?: string; extensions?: { code?: string } }> }) | null;
  if (response.ok && body) return { ok: true, session: body };
  const first = body?.errors?.[0];
  return { ok: false, status: response.status, message: first?.message ?? `The server answered ${response.status}`, code: first?.extensions?.code };
}

/** POST /admin/logout (204); the cookie is cleared by the answer. */
export async function signOut(): Promise<void> {
  await fetch("/admin/logout", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
}

/** Sign-in with the company's IdP, when the server has ADMIN_OIDC_ISSUER (GET /admin/oidc/config, unauthenticated). */
export type OidcSignIn = { enabled: false } | { enabled: true; issuerHost: string; startUrl: string };

/** The server's OIDC sign-in offer; `{enabled: false}` when it has none or cannot be asked. */
export async function fetchOidcSignIn(): Promise<OidcSignIn> {
  try {
    const response = await fetch("/admin/oidc/config", { credentials: "same-origin" });
    if (!response.ok) return { enabled: false };
    const body = (await response.json()) as Partial<{ enabled: boolean; issuerHost: string; startUrl: string }>;
    return body.enabled && body.issuerHost && body.startUrl ? { enabled: true, issuerHost: body.issuerHost, startUrl: body.startUrl } : { enabled: false };
  } catch {
    return { enabled: false };
  }
}
