import { isEmail } from "class-validator";
import { recordAudit } from "../audit/audit.recorder";
import type { BaseRequestContext } from "../common/context";
import { LIMITS } from "../common/limits";
import { textProblem } from "../common/validators";
import { Database } from "../db/database";
import { User } from "./user.entity";

/** What a login knows of the user (docs/design.md §14.1): each field absent or null leaves the stored value alone. */
export interface LoginProfile {
  email?: string | null;
  name?: string | null;
  connection?: string | null;
}

/** The stored part of a user a login profile is compared with. */
export type StoredProfile = Pick<User, "email" | "name" | "connection">;

const PROFILE_FIELDS = ["email", "name", "connection"] as const;
const PROFILE_LIMITS: Record<(typeof PROFILE_FIELDS)[number], number> = { email: LIMITS.email, name: LIMITS.userText, connection: LIMITS.userText };

/** The problems of `profile` under the field path `prefix` (`profile`, or the REST body's top level): the users' own limits (UpsertUserInput). */
export function profileProblems(profile: unknown, prefix: string): Array<{ field: string; message: string }> {
  if (profile === undefined || profile === null) return [];
  const path = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (typeof profile !== "object" || Array.isArray(profile)) return [{ field: prefix, message: `${prefix} must be an object` }];
  const problems: Array<{ field: string; message: string }> = [];
  for (const field of PROFILE_FIELDS) {
    const value = (profile as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") problems.push({ field: path(field), message: `${path(field)} must be a string` });
    else if (value.length > PROFILE_LIMITS[field]) problems.push({ field: path(field), message: `${path(field)} must be at most ${PROFILE_LIMITS[field]} characters long` });
    else if (textProblem(value)) problems.push({ field: path(field), message: `${path(field)} ${textProblem(value)}` });
    else if (field === "email" && !isEmail(value)) problems.push({ field: path(field), message: `${path(field)} must be an email address` });
  }
  return problems;
}

/** The fields of `profile` that would change `stored` (all given fields when the user is not stored); empty when nothing would. */
export function profileChanges(stored: StoredProfile | null, profile: LoginProfile): Partial<StoredProfile> {
  const changes: Partial<StoredProfile> = {};
  for (const field of PROFILE_FIELDS) {
    const value = profile[field];
    // An IdP that does not send a field (or sends null) says nothing about it: keep what is stored.
    if (value === undefined || value === null || value === "") continue;
    if (!stored || stored[field] !== value) changes[field] = value;
  }
  return changes;
}

/** The audit log's operation of a login's profile update. */
export const PROFILE_AUDIT_OPERATION = "loginProfile";

/**
 * Keeps the directory current from logins (docs/design.md §14.1). A login whose profile matches
 * the stored record reads one row and writes nothing; one that differs (or names an unknown
 * user) updates or creates the user in a write that takes no model lock and bumps no revision
 * (a user's e-mail is nothing the engine reads), audited under the credential's subject.
 */
export class LoginProfileKeeper {
  constructor(
    private readonly db: Database,
    /** Reads the stored record outside any transaction (the model cache's hot connection). */
    private readonly readStored: (userId: string) => Promise<StoredProfile | null>,
  ) {}

  /** Whether the login changed the record. */
  async keepCurrent(ctx: BaseRequestContext, userId: string, profile: LoginProfile): Promise<boolean> {
    if (Object.keys(profileChanges(null, profile)).length === 0) return false;
    if (Object.keys(profileChanges(await this.readStored(userId), profile)).length === 0) return false;
    return this.db.independentWrite(async (manager) => {
      // Read again in the transaction: another login may have written the same change meanwhile.
      const stored = await manager.findOne(User, { where: { id: userId }, select: { id: true, email: true, name: true, connection: true } });
      const changes = profileChanges(stored, profile);
      if (Object.keys(changes).length === 0) return false;
      if (stored) await manager.update(User, { id: userId }, changes);
      else await manager.insert(User, { id: userId, email: null, name: null, connection: null, ...changes });
      await recordAudit(manager, ctx, { operation: PROFILE_AUDIT_OPERATION, args: { userId, ...changes } }, { id: userId });
      return true;
    });
  }
}
