import { LIMITS } from "../common/limits";
import { textProblem } from "../common/validators";
import { Configuration } from "../configuration/configuration.entity";
import { HotModel, ModelCache, UserRows } from "./model-cache";

/**
 * What a request read once, at one committed revision: the configuration and, when the cache was
 * built at that revision, the cached model — with the user's rows when the read named a user.
 */
export interface LoginRead {
  revision: number;
  configuration: Configuration;
  /** The cached model, or null: the request then takes the uncached path. */
  model: HotModel | null;
  /**
   * The user's direct groups, roles and organizations, read in the same statement as the
   * revision, with the windows of the windowed ones: every grant the user holds, whether or not it
   * is active — the login tests them at its own time (`activeGrants`, docs/design.md §13.2).
   * The user's organizations and member roles are among them only when `organizations` (the read
   * was made for a login for an organization).
   */
  login?: { userId: string; organizations: boolean; rows: UserRows };
}

const NO_ROWS: UserRows = { groupIds: [], roleIds: [] };

/** Whether `userId` could be a stored user id (users.id is 1–LIMITS.externalId characters of valid text). */
function storable(userId: string): boolean {
  return userId.length > 0 && userId.length <= LIMITS.externalId && textProblem(userId) === null;
}

/**
 * The one owner of "is the cached model fresh?" (docs/design.md §8.1). Every request — GraphQL,
 * the REST policy route, the CLI — learns the committed revision through `read`, and uses the
 * cached model only when it was built at exactly that revision. Since every write bumps the
 * revision in its own transaction, no answer is older than the last commit the request could know.
 */
export class LoginReader {
  private latestRead: LoginRead | null = null;

  constructor(
    private readonly cache: ModelCache,
    /** Reads the configuration record (for the uncached path). */
    private readonly readConfiguration: () => Promise<Configuration>,
  ) {}

  /**
   * The revision, the configuration and the model if current — with `userId`, also that user's
   * rows: one statement in all when the cache is current, whatever the transport. With
   * `organizationId` (a login for an organization) the rows include the user's organizations.
   */
  async read(userId?: string, organizationId?: string | null): Promise<LoginRead> {
    const named = userId !== undefined && storable(userId);
    const organizations = Boolean(organizationId);
    const found: { revision: number; model: HotModel | null; rows?: UserRows | null } = named ? await this.cache.checkFor(userId, organizations) : await this.cache.check();
    let read: LoginRead;
    if (!found.model) {
      read = { revision: found.revision, configuration: await this.readConfiguration(), model: null };
    } else {
      read = { revision: found.revision, configuration: found.model.configuration, model: found.model };
      // An id no user can have has no rows: there is nothing to read.
      if (userId !== undefined) read.login = { userId, organizations, rows: found.rows ?? NO_ROWS };
    }
    if (!this.latestRead || read.revision >= this.latestRead.revision) this.latestRead = read;
    return read;
  }

  /**
   * What a login for `userId` (for `organizationId`, if given) works with: the request's own read
   * when it was made for that user and that kind of login — with the user's organizations exactly
   * when the login is for an organization, so that no other login sees them, not even in its
   * `validUntil` — or found the cache stale, so the uncached path runs anyway; otherwise a new read.
   */
  forLogin(read: LoginRead | undefined, userId: string, organizationId?: string | null): Promise<LoginRead> {
    if (read && (read.model === null || (read.login?.userId === userId && read.login.organizations === Boolean(organizationId)))) return Promise.resolve(read);
    return this.read(userId, organizationId);
  }

  /**
   * The newest read of this process, if any: what a request's credentials are checked against
   * before the request has read anything (it is confirmed against the request's own read).
   */
  get latest(): LoginRead | null {
    return this.latestRead;
  }
}
