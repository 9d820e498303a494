import { createHmac, timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import type { Logger } from "pino";
import type { Database } from "../db/database";
import { AdminOidcFlow } from "./admin-session.entity";
import { AdminSessionService, digest, secret, TradedSession } from "./admin-session.service";
import { isScope, SCOPES } from "./scopes";

/** The cookie that binds a sign-in in progress to the browser that started it (SameSite=Lax: the IdP's redirect back is cross-site). */
export const OIDC_FLOW_COOKIE = "gatehouse_oidc";

/** How long a sign-in may take at the IdP: 10 minutes, like a login link. */
export const OIDC_FLOW_SECONDS = 600;

/** Where the IdP sends the browser back, under PUBLIC_URL. */
export const OIDC_CALLBACK_PATH = "/admin/oidc/callback";

/** Prefix of a session's subject (the audit log's actor) signed in through OIDC: `oidc:<sub>`. */
export const OIDC_SUBJECT_PREFIX = "oidc:";

/** ADMIN_OIDC_REQUEST_SCOPES when unset. Some IdPs refuse a scope they do not know, so `groups` is not asked by default. */
export const DEFAULT_OIDC_REQUEST_SCOPES = "openid profile email";

/** The ADMIN_OIDC_* settings (docs/design.md §11). */
export interface AdminOidcOptions {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, token_endpoint_auth_method none). */
  clientSecret?: string;
  /** The claim holding Gatehouse scopes, a space-separated string or an array (default gatehouse_scopes). */
  scopesClaim: string;
  /** Members of this IdP group (the `groups` claim) get every scope. */
  adminGroup?: string;
  /** The OAuth scopes asked of the IdP (ADMIN_OIDC_REQUEST_SCOPES, space separated, with `openid`); default DEFAULT_OIDC_REQUEST_SCOPES. */
  requestScopes?: string;
}

/** Why a sign-in was refused, in words for the page the browser is shown. */
export class OidcRefusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** State, nonce and PKCE verifier of a flow: HMACs of the flow's secret, so nothing of them is stored. */
function derived(flowSecret: string, purpose: "state" | "nonce" | "pkce"): string {
  return createHmac("sha256", flowSecret).update(`gatehouse-oidc-${purpose}`).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A claim's strings: a space-separated string or an array of strings; anything else is none. */
function claimList(value: unknown, split: boolean): string[] {
  if (typeof value === "string") return split ? value.split(/\s+/).filter(Boolean) : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** What the IdP's claims grant: every scope to the admin group, else the known scopes of the scopes claim. */
export function scopesFromClaims(claims: Record<string, unknown>, options: Pick<AdminOidcOptions, "scopesClaim" | "adminGroup">): { scopes: string[]; unknown: string[] } {
  if (options.adminGroup !== undefined && claimList(claims.groups, false).includes(options.adminGroup)) return { scopes: [...SCOPES], unknown: [] };
  const named = [...new Set(claimList(claims[options.scopesClaim], true))];
  return { scopes: named.filter(isScope), unknown: named.filter((name) => !isScope(name)) };
}

/**
 * Console sign-in, way 2 (docs/design.md §11): OIDC authorization code + PKCE run by the server
 * with openid-client. The browser only carries the flow's secret in an httpOnly cookie and the
 * IdP's code in the callback URL; the code is exchanged and the ID token validated here, and
 * the result is an ordinary console session (AdminSessionService.open).
 */
export class AdminOidcService {
  private discovered?: Promise<oidc.Configuration>;

  constructor(
    private readonly db: Database,
    private readonly sessions: AdminSessionService,
    private readonly options: AdminOidcOptions,
    private readonly log: Logger,
  ) {}

  /** The IdP's host name, for "Sign in with <host>". */
  get issuerHost(): string {
    return new URL(this.options.issuer).host;
  }

  /**
   * The IdP's metadata, discovered on first use and kept (a failed discovery is retried on the
   * next sign-in, so Gatehouse starts while the IdP is down).
   */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret } = this.options;
      const insecure = new URL(issuer).protocol === "http:";
      this.discovered = oidc
        .discovery(new URL(issuer), clientId, clientSecret, clientSecret === undefined ? oidc.None() : oidc.ClientSecretPost(clientSecret), {
          // Only on loopback (config.ts refuses http:// elsewhere): a development or test IdP.
          execute: insecure ? [oidc.allowInsecureRequests] : [],
        })
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw error;
        });
    }
    return this.discovered;
  }

  /**
   * Starts a sign-in: the flow's secret (for the cookie) and the IdP's authorization URL to
   * redirect to. `redirectUri`: `<PUBLIC_URL>/admin/oidc/callback`, registered at the IdP.
   */
  async start(redirectUri: string, now = Date.now()): Promise<{ flowSecret: string; authorizationUrl: URL }> {
    let config: oidc.Configuration;
    try {
      config = await this.configuration();
    } catch (error) {
      this.log.warn({ err: error, issuer: this.options.issuer }, "OIDC discovery failed");
      throw new OidcRefusal(
        502,
        "The identity provider cannot be reached",
        `Gatehouse could not read the OpenID configuration of ${this.options.issuer} (ADMIN_OIDC_ISSUER): ${message(error)}`,
      );
    }
    const flowSecret = secret();
    await this.db.independentWrite(async (manager) => {
      // Abandoned flows are of no use to anyone: each new one clears them.
      await manager.createQueryBuilder().delete().from(AdminOidcFlow).where(`"expiresAt" <= :now`, { now }).execute();
      await manager.insert(AdminOidcFlow, { idHash: digest(flowSecret), expiresAt: now + OIDC_FLOW_SECONDS * 1000, createdAt: now, usedAt: null });
    });
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.options.requestScopes ?? DEFAULT_OIDC_REQUEST_SCOPES,
      response_type: "code",
      state: derived(flowSecret, "state"),
      nonce: derived(flowSecret, "nonce"),
      code_challenge: await oidc.calculatePKCECodeChallenge(derived(flowSecret, "pkce")),
      code_challenge_method: "S256",
    });
    return { flowSecret, authorizationUrl };
  }

  /**
   * Completes a sign-in from the IdP's redirect back (`search`: the callback's query string) and
   * the flow cookie (the same `redirectUri` as the start's): claims the flow once, checks the state, exchanges the code with the PKCE
   * verifier, validates the ID token (issuer, audience, signature, nonce), maps the claims to
   * scopes and opens a session. Every refusal is an OidcRefusal worded for the browser.
   */
  async finish(redirectUri: string, search: URLSearchParams, flowSecret: string | undefined, now = Date.now()): Promise<TradedSession> {
    if (flowSecret === undefined)
      throw new OidcRefusal(400, "This sign-in cannot be completed", "This browser has no sign-in in progress (it expired, or it was started in another browser). Start again.");
    const claimed = await this.db.independentWrite((manager) =>
      manager
        .createQueryBuilder()
        .update(AdminOidcFlow)
        .set({ usedAt: now })
        .where(`"idHash" = :idHash AND "usedAt" IS NULL AND "expiresAt" > :now`, { idHash: digest(flowSecret), now })
        .execute(),
    );
    if (claimed.affected !== 1)
      throw new OidcRefusal(
        400,
        "This sign-in cannot be completed",
        "This sign-in was already completed or has expired: a sign-in answer is accepted once, within 10 minutes. Start again.",
      );
    const idpError = search.get("error");
    if (idpError !== null) {
      const description = search.get("error_description");
      throw new OidcRefusal(403, "The identity provider refused the sign-in", `${this.issuerHost} answered ${idpError}${description ? `: ${description}` : ""}.`);
    }
    const state = derived(flowSecret, "state");
    if (!sameText(search.get("state") ?? "", state))
      throw new OidcRefusal(
        400,
        "This sign-in cannot be completed",
        "The answer's state does not belong to this browser's sign-in (altered, or from another sign-in). Start again.",
      );
    const config = await this.configuration();
    const callback = new URL(redirectUri);
    callback.search = search.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: derived(flowSecret, "pkce"),
        expectedState: state,
        expectedNonce: derived(flowSecret, "nonce"),
        idTokenExpected: true,
      });
    } catch (error) {
      this.log.warn({ err: error }, "OIDC code exchange refused");
      if (error instanceof oidc.ResponseBodyError && error.error === "invalid_grant")
        throw new OidcRefusal(
          400,
          "This sign-in cannot be completed",
          `${this.issuerHost} refused the code: it was already used, has expired or was not issued for this sign-in. Start again.`,
        );
      if (error instanceof oidc.ResponseBodyError && error.error === "invalid_client")
        throw new OidcRefusal(502, "Sign-in failed", `${this.issuerHost} refused Gatehouse's client credentials: check ADMIN_OIDC_CLIENT_ID and ADMIN_OIDC_CLIENT_SECRET.`);
      throw new OidcRefusal(502, "The identity provider's answer was not accepted", `The code could not be exchanged or the ID token is not valid: ${message(error)}`);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcRefusal(502, "The identity provider's answer was not accepted", "The token response carries no ID token.");
    const claims: Record<string, unknown> = { ...idClaims };
    const wanted = [this.options.scopesClaim, ...(this.options.adminGroup !== undefined ? ["groups"] : [])];
    // Many IdPs put extra claims only at the userinfo endpoint when an access token is issued.
    if (wanted.some((name) => claims[name] === undefined) && config.serverMetadata().userinfo_endpoint) {
      try {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        for (const [name, value] of Object.entries(info)) if (claims[name] === undefined) claims[name] = value;
      } catch (error) {
        this.log.warn({ err: error }, "OIDC userinfo request failed");
        throw new OidcRefusal(502, "The identity provider's answer was not accepted", `The userinfo endpoint could not be read: ${message(error)}`);
      }
    }
    const subject = `${OIDC_SUBJECT_PREFIX}${idClaims.sub}`;
    const { scopes, unknown } = scopesFromClaims(claims, this.options);
    if (unknown.length > 0) this.log.warn({ subject, claim: this.options.scopesClaim, unknown }, "OIDC sign-in: unknown scope names in the scopes claim ignored");
    if (scopes.length === 0) {
      const ways = [
        ...(this.options.adminGroup !== undefined ? [`is not in the group ${this.options.adminGroup}`] : []),
        `has no Gatehouse scope in its ${this.options.scopesClaim} claim${unknown.length > 0 ? ` (unknown: ${unknown.join(", ")})` : ""}`,
      ];
      this.log.info({ subject }, "OIDC sign-in refused: no scope");
      throw new OidcRefusal(
        403,
        "No access to this console",
        `Your account at ${this.issuerHost} (${idClaims.sub}) ${ways.join(" and ")}. Ask an administrator of your identity provider for access.`,
      );
    }
    if (subject.length > 255) throw new OidcRefusal(502, "The identity provider's answer was not accepted", "The ID token's subject is longer than 250 characters.");
    this.log.info({ subject, scopes: scopes.length }, "OIDC sign-in");
    return this.sessions.open(subject, scopes, now);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
