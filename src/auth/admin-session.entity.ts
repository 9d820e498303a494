import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { epochMs } from "../common/grant-window";
import { LIMITS } from "../common/limits";

/**
 * A one-time console sign-in code printed by `gatehouse admin login-link` (docs/design.md §11):
 * only the SHA-256 of the code is stored; `usedAt` is set by the one trade that wins.
 */
@Entity("admin_login_codes")
@Index("IDX_admin_login_codes_expiresAt", ["expiresAt"])
export class AdminLoginCode {
  /** Hex SHA-256 of the code. */
  @PrimaryColumn({ type: "varchar", length: 64 })
  codeHash: string;

  /** Who signs in with it: the audit log's actor for what the session does. */
  @Column({ type: "varchar", length: LIMITS.actor })
  subject: string;

  /** Space-separated scopes the session gets. */
  @Column({ type: "text" })
  scopes: string;

  @Column({ type: "bigint", transformer: epochMs })
  expiresAt: number;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt: number;

  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  usedAt: number | null;
}

/**
 * A console session (cookie `gatehouse_session`), in the database so that every instance accepts
 * it and a logout ends it everywhere (docs/design.md §11). Only the SHA-256 of its id is stored.
 */
@Entity("admin_sessions")
@Index("IDX_admin_sessions_expiresAt", ["expiresAt"])
export class AdminSession {
  /** Hex SHA-256 of the session id the cookie carries. */
  @PrimaryColumn({ type: "varchar", length: 64 })
  idHash: string;

  @Column({ type: "varchar", length: LIMITS.actor })
  subject: string;

  /** Space-separated scopes, the login link's. */
  @Column({ type: "text" })
  scopes: string;

  @Column({ type: "bigint", transformer: epochMs })
  expiresAt: number;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt: number;
}

/**
 * A console sign-in through OIDC in progress (docs/design.md §11): the browser holds the flow's
 * secret in the short-lived `gatehouse_oidc` cookie, from which state, nonce and the PKCE
 * verifier are derived; only the SHA-256 of the secret is stored. `usedAt` is set by the one
 * callback that wins, so a flow (and the code it was issued for) completes at most once.
 */
@Entity("admin_oidc_flows")
@Index("IDX_admin_oidc_flows_expiresAt", ["expiresAt"])
export class AdminOidcFlow {
  /** Hex SHA-256 of the flow secret the cookie carries. */
  @PrimaryColumn({ type: "varchar", length: 64 })
  idHash: string;

  @Column({ type: "bigint", transformer: epochMs })
  expiresAt: number;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt: number;

  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  usedAt: number | null;
}
