import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { Actor } from "../common/context";
import { BadUserInputError, UnauthenticatedError } from "../common/errors";
import { Configuration } from "../configuration/configuration.entity";
import { ConfigurationService } from "../configuration/configuration.service";
import { Database } from "../db/database";
import { SigningKey } from "./signing-key.entity";

const ALG = "ES256";

/** An external issuer whose tokens are accepted too (e.g. an Auth0 tenant's M2M tokens). */
export interface ExternalIssuer {
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** Default of AUTH_MAX_TOKEN_LIFETIME_SECONDS: 30 days. */
export const MAX_TOKEN_LIFETIME_SECONDS = 2_592_000;

/** Clock skew allowed between Gatehouse and a token's issuer (for exp, nbf and iat). */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Issues Gatehouse's own API tokens (ES256, key generated on first start and kept in the
 * database) and verifies bearer tokens: local ones, and an external issuer's through its JWKS.
 */
export class TokenService {
  private signing?: { kid: string; privateKey: CryptoKey; publicKey: CryptoKey };
  private readonly remoteKeys?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly external: ExternalIssuer = {},
    /** Longest lifetime of a local token (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
    private readonly maxLifetime = MAX_TOKEN_LIFETIME_SECONDS,
  ) {
    if (external.jwksUrl) {
      // Unchecked `iss`/`aud` would accept every token the issuer's keys ever signed.
      if (!external.issuer || !external.audience) throw new Error("an external token issuer needs its issuer and audience as well as its JWKS URL");
      this.remoteKeys = createRemoteJWKSet(new URL(external.jwksUrl));
    }
  }

  /** Loads the signing key, generating and storing it if this database has none. */
  async init(): Promise<void> {
    let stored = await this.db.manager.findOneBy(SigningKey, { slot: 1 });
    if (!stored) {
      const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
      await this.db.manager
        .createQueryBuilder()
        .insert()
        .into(SigningKey)
        .values({
          kid: randomUUID(),
          slot: 1,
          alg: ALG,
          privateJwk: JSON.stringify(await exportJWK(privateKey)),
          publicJwk: JSON.stringify(await exportJWK(publicKey)),
        })
        .orIgnore()
        .execute();
      stored = await this.db.manager.findOneBy(SigningKey, { slot: 1 });
    }
    if (!stored) throw new Error("could not create the token signing key");
    this.signing = {
      kid: stored.kid,
      privateKey: (await importJWK(JSON.parse(stored.privateJwk), ALG)) as CryptoKey,
      publicKey: (await importJWK(JSON.parse(stored.publicJwk), ALG)) as CryptoKey,
    };
  }

  /** A signed API token carrying `scopes`, valid for `expiresInSeconds` (default: the configured lifetime). */
  async issue(options: { scopes: readonly string[]; subject?: string; expiresInSeconds?: number }): Promise<string> {
    const key = this.key();
    const configuration = await this.configuration.read();
    const lifetime = options.expiresInSeconds ?? configuration.tokenLifetimeSeconds;
    if (lifetime > this.maxLifetime) {
      throw new BadUserInputError(`A token may live at most ${this.maxLifetime} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS); asked for ${lifetime}`, { field: "expiresInSeconds" });
    }
    return new SignJWT({ scope: options.scopes.join(" ") })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: "JWT" })
      .setSubject(options.subject ?? "gatehouse-cli")
      .setIssuer(configuration.tokenIssuer)
      .setAudience(configuration.tokenAudience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
      .sign(key.privateKey);
  }

  /** The actor a bearer token stands for, or UNAUTHENTICATED saying what is wrong with it. */
  async verify(token: string, configuration?: Configuration): Promise<Actor> {
    const key = this.key();
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (!header.alg || header.alg === "none") throw new UnauthenticatedError("Invalid token: unsigned tokens (alg none) are not accepted");
      kid = header.kid;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError("Invalid token: not a JWT");
    }
    try {
      let payload: JWTPayload;
      if (kid === key.kid || !this.remoteKeys) {
        const { tokenIssuer, tokenAudience } = configuration ?? (await this.configuration.read());
        ({ payload } = await jwtVerify(token, key.publicKey, {
          algorithms: [ALG],
          issuer: tokenIssuer,
          audience: tokenAudience,
          requiredClaims: ["exp"],
          clockTolerance: CLOCK_SKEW_SECONDS,
        }));
        // A token of ours lives at most the cap, however it was minted (exp in the year 33658 was accepted).
        const now = Math.floor(Date.now() / 1000);
        if ((payload.exp as number) - Math.min(typeof payload.iat === "number" ? payload.iat : now, now) > this.maxLifetime + CLOCK_SKEW_SECONDS) {
          throw new UnauthenticatedError(`Invalid token: it lives longer than ${this.maxLifetime} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
        }
      } else {
        ({ payload } = await jwtVerify(token, this.remoteKeys, {
          issuer: this.external.issuer,
          audience: this.external.audience,
          requiredClaims: ["exp"],
          clockTolerance: CLOCK_SKEW_SECONDS,
        }));
      }
      // jose checks nbf, but iat only with maxTokenAge: a token "issued" in the future is refused too.
      if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
        throw new UnauthenticatedError('Invalid token: the "iat" claim is in the future');
      }
      return { kind: "token", subject: String(payload.sub ?? "unknown"), scopes: scopesOf(payload), expiresAt: new Date((payload.exp as number) * 1000) };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(`Invalid token: ${describeJoseError(error)}`);
    }
  }

  private key() {
    if (!this.signing) throw new Error("TokenService.init() was not called");
    return this.signing;
  }
}

/** Scopes from the `scope` claim (space separated) or an Auth0-style `permissions` array. */
function scopesOf(payload: JWTPayload): ReadonlySet<string> {
  const scopes = new Set<string>();
  if (typeof payload.scope === "string") for (const s of payload.scope.split(" ")) if (s) scopes.add(s);
  if (Array.isArray(payload.permissions)) for (const s of payload.permissions) if (typeof s === "string") scopes.add(s);
  return scopes;
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "the token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the "${error.claim}" claim is not accepted (${error.reason})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "the signature does not verify";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the signing algorithm is not accepted";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "no key of the issuer matches the token";
  if (error instanceof joseErrors.JOSEError) return error.message;
  return "could not be verified";
}
