import { hash, randomBytes } from "node:crypto";
import type { Actor } from "../common/context";
import { BadUserInputError, UnauthenticatedError } from "../common/errors";
import type { EntityManager } from "typeorm";
import type { Database } from "../db/database";
import { AdminLoginCode, AdminSession } from "./admin-session.entity";

/** The cookie `/graphql` accepts instead of a bearer token (docs/design.md §11). */
export const SESSION_COOKIE = "gatehouse_session";

/** Default lifetime of a login link's code: 10 minutes. */
export const LOGIN_CODE_SECONDS = 600;

/** Longest lifetime a login link may be given: one day (a link is a bearer credential in a chat or a shell history). */
export const MAX_LOGIN_CODE_SECONDS = 86_400;

/** Default of ADMIN_SESSION_HOURS. */
export const DEFAULT_SESSION_HOURS = 8;

/** Hex SHA-256: all that is stored of a code, a session id or an OIDC flow's secret. */
export function digest(secret: string): string {
  return hash("sha256", secret, "hex");
}

/** 256 random bits, URL-safe. */
export function secret(): string {
  return randomBytes(32).toString("base64url");
}

const splitScopes = (scopes: string) => scopes.split(" ").filter(Boolean);

/** What trading a code gives: the session id (for the cookie, never stored) and what it grants. */
export interface TradedSession {
  sessionId: string;
  subject: string;
  scopes: string[];
  expiresAt: Date;
}

/**
 * Console sign-in, way 1 (docs/design.md §11): one-time login codes printed by the CLI and traded
 * for database sessions. Codes and session ids are stored as SHA-256 only; a code is used at most
 * once even when traded concurrently (one conditional UPDATE wins); sessions live in the database,
 * so every instance accepts them and a logout ends them everywhere.
 */
export class AdminSessionService {
  constructor(
    private readonly db: Database,
    /** ADMIN_SESSION_HOURS. */
    private readonly sessionHours = DEFAULT_SESSION_HOURS,
  ) {}

  get sessionSeconds(): number {
    return Math.round(this.sessionHours * 3600);
  }

  /** A new one-time code for `subject` with `scopes`, valid `expiresInSeconds`; returned this once. */
  async createLoginCode(options: { subject: string; scopes: readonly string[]; expiresInSeconds?: number }, now = Date.now()): Promise<{ code: string; expiresAt: Date }> {
    const lifetime = options.expiresInSeconds ?? LOGIN_CODE_SECONDS;
    if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_LOGIN_CODE_SECONDS) {
      throw new BadUserInputError(`A login link lives from 1 to ${MAX_LOGIN_CODE_SECONDS} seconds; asked for ${lifetime}`, { field: "expiresInSeconds" });
    }
    const subject = options.subject.trim();
    if (!subject) throw new BadUserInputError("The subject of a login link must not be empty", { field: "subject" });
    if (options.scopes.length === 0) throw new BadUserInputError("A login link needs at least one scope", { field: "scopes" });
    const code = secret();
    const expiresAt = now + lifetime * 1000;
    await this.db.independentWrite(async (manager) => {
      // Spent and expired codes are of no use to anyone: each new link clears them.
      await manager.createQueryBuilder().delete().from(AdminLoginCode).where(`"expiresAt" <= :now`, { now }).execute();
      await manager.insert(AdminLoginCode, { codeHash: digest(code), subject, scopes: options.scopes.join(" "), expiresAt, createdAt: now, usedAt: null });
    });
    return { code, expiresAt: new Date(expiresAt) };
  }

  /**
   * Trades a code for a new session. The code is marked used by a conditional UPDATE (unused and
   * not expired): of concurrent trades exactly one changes the row, the others are refused.
   */
  async trade(code: string, now = Date.now()): Promise<TradedSession> {
    const codeHash = digest(code);
    const traded = await this.db.independentWrite(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(AdminLoginCode)
        .set({ usedAt: now })
        .where(`"codeHash" = :codeHash AND "usedAt" IS NULL AND "expiresAt" > :now`, { codeHash, now })
        .execute();
      if (claimed.affected !== 1) return null;
      const row = await manager.findOneByOrFail(AdminLoginCode, { codeHash });
      return this.insertSession(manager, row.subject, splitScopes(row.scopes), now);
    });
    if (!traded) throw new UnauthenticatedError("Invalid login code: unknown, already used or expired; print a new link with gatehouse admin login-link");
    return traded;
  }

  /**
   * A new session for `subject` with `scopes`, of the same kind as a traded login link's (same
   * table, cookie and lifetime): sign-in way 2, OIDC, ends here (docs/design.md §11).
   */
  async open(subject: string, scopes: readonly string[], now = Date.now()): Promise<TradedSession> {
    if (!subject.trim()) throw new BadUserInputError("The subject of a session must not be empty", { field: "subject" });
    if (scopes.length === 0) throw new BadUserInputError("A session needs at least one scope", { field: "scopes" });
    return this.db.independentWrite((manager) => this.insertSession(manager, subject, scopes, now));
  }

  private async insertSession(manager: EntityManager, subject: string, scopes: readonly string[], now: number): Promise<TradedSession> {
    const sessionId = secret();
    const expiresAt = now + this.sessionSeconds * 1000;
    // Expired sessions are of no use to anyone: each new one clears them.
    await manager.createQueryBuilder().delete().from(AdminSession).where(`"expiresAt" <= :now`, { now }).execute();
    await manager.insert(AdminSession, { idHash: digest(sessionId), subject, scopes: scopes.join(" "), expiresAt, createdAt: now });
    return { sessionId, subject, scopes: [...scopes], expiresAt: new Date(expiresAt) };
  }

  /** The actor a session cookie stands for, or UNAUTHENTICATED (unknown, ended or expired). */
  async verify(sessionId: string, now = Date.now()): Promise<Actor> {
    const session = await this.db.manager.findOneBy(AdminSession, { idHash: digest(sessionId) });
    if (!session) throw new UnauthenticatedError("Invalid session; sign in again");
    if (session.expiresAt <= now) throw new UnauthenticatedError("Session expired; sign in again");
    return { kind: "session", subject: session.subject, scopes: new Set(splitScopes(session.scopes)), expiresAt: new Date(session.expiresAt) };
  }

  /** Ends a session (if it exists): on every instance at once, since they all read it from the database. */
  async end(sessionId: string): Promise<void> {
    await this.db.independentWrite((manager) => manager.delete(AdminSession, { idHash: digest(sessionId) }));
  }
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === "" ? undefined : value;
  }
  return undefined;
}
