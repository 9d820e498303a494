import { hash, randomBytes, timingSafeEqual } from "node:crypto";
import { Actor, RequestContext } from "../context/request-context";
import { ConfigurationService } from "../configuration/configuration.service";
import { Configuration } from "../configuration/configuration.entity";
import { Database } from "../db/database";

/** The only scope an API key carries: authorizationContext and the policy endpoint. */
export const HOOK_SCOPE = "hook:authorize";

export const API_KEY_ACTOR: Actor = { kind: "apikey", subject: "api-key", scopes: new Set([HOOK_SCOPE]) };

/** One-shot SHA-256: no Hash object per request (each is a native handle the young-generation GC must sweep). */
function hashKey(key: string): Buffer {
  return hash("sha256", key, "buffer");
}

/** Stored hashes decoded once per hex string (there are at most two live ones), not per request. */
const decoded = new Map<string, Buffer>();

function matches(candidate: Buffer, storedHex: string | null): boolean {
  if (!storedHex) return false;
  let stored = decoded.get(storedHex);
  if (!stored) {
    if (decoded.size >= 16) decoded.clear();
    decoded.set(storedHex, (stored = Buffer.from(storedHex, "hex")));
  }
  return stored.length === candidate.length && timingSafeEqual(stored, candidate);
}

/**
 * The login-hook API key: only its SHA-256 is stored; rotation returns the new key once and
 * may keep the previous one valid for a grace period. Comparisons are constant-time.
 */
export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
  ) {}

  /** Whether `key` is the current key, or the previous one within its grace period. */
  async verify(key: string, configuration?: Configuration, now = Date.now()): Promise<boolean> {
    return ApiKeyService.check(configuration ?? (await this.configuration.read()), key, now);
  }

  static check(configuration: Configuration, key: string, now = Date.now()): boolean {
    const candidate = hashKey(key);
    const current = matches(candidate, configuration.apiKeyHash);
    const previous =
      configuration.previousApiKeyValidUntil !== null && Number(configuration.previousApiKeyValidUntil) > now && matches(candidate, configuration.previousApiKeyHash);
    return current || previous;
  }

  /** A new key (shown this once); the old one stays valid for `gracePeriodSeconds`. */
  rotate(ctx: RequestContext, gracePeriodSeconds = 0): Promise<{ apiKey: string; previousKeyValidUntil: Date | null }> {
    return this.db.write(ctx, async (manager) => {
      const apiKey = `ghk_${randomBytes(32).toString("base64url")}`;
      const configuration = await this.configuration.read(manager);
      const now = Date.now();
      const keepPrevious = gracePeriodSeconds > 0 && configuration.apiKeyHash !== null;
      const previousKeyValidUntil = keepPrevious ? new Date(now + gracePeriodSeconds * 1000) : null;
      configuration.previousApiKeyHash = keepPrevious ? configuration.apiKeyHash : null;
      configuration.previousApiKeyValidUntil = previousKeyValidUntil ? String(previousKeyValidUntil.getTime()) : null;
      configuration.apiKeyHash = hashKey(apiKey).toString("hex");
      configuration.apiKeyCreatedAt = String(now);
      await manager.save(configuration);
      return { apiKey, previousKeyValidUntil };
    });
  }
}
