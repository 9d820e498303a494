import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import { ApplicationService } from "../applications/application.service";
import { AdminOidcService } from "../auth/admin-oidc.service";
import { AdminSessionService } from "../auth/admin-session.service";
import { ApiKeyService } from "../auth/api-key.service";
import { AuditService } from "../audit/audit.service";
import { AuthorizationService } from "../authorization/authorization.service";
import { LoginReader } from "../authorization/login-reader";
import { ModelCache } from "../authorization/model-cache";
import { auditBeforeCommit } from "../audit/audit.recorder";
import { GrantSweepService } from "../audit/grant-sweep.service";
import { TokenService } from "../auth/token.service";
import { ConfigurationService } from "../configuration/configuration.service";
import { createDataSource, databaseKind, QueryStats } from "../db/data-source";
import { Database } from "../db/database";
import { entities } from "../entities";
import { GroupNestingService } from "../groups/group-nesting.service";
import { GroupRelationsService } from "../groups/group-relations.service";
import { GroupService } from "../groups/group.service";
import { OrganizationRelationsService } from "../organizations/organization-relations.service";
import { OrganizationService } from "../organizations/organization.service";
import { PermissionService } from "../permissions/permission.service";
import { RoleService } from "../roles/role.service";
import { ExportService } from "../transfer/export.service";
import { ImportService } from "../transfer/import.service";
import { UsersImportService } from "../transfer/users-import.service";
import { UserRelationsService } from "../users/user-relations.service";
import { UserService } from "../users/user.service";
import { AppConfig, ConfigError, DEFAULT_GRANT_SWEEP } from "./config";
import { Services } from "./schema";

/** The URL without its password, for messages. */
function redactedUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return databaseUrl;
  }
}

/** Everything built once per process: database, services, token service. */
export interface App {
  config: AppConfig;
  db: Database;
  services: Services;
  configuration: ConfigurationService;
  /** The one owner of model freshness: every request reads the revision through it. */
  reader: LoginReader;
  tokens: TokenService;
  /** The admin console's login codes and sessions (docs/design.md §11). */
  sessions: AdminSessionService;
  /** Console sign-in through the IdP, when ADMIN_OIDC_ISSUER is set (docs/design.md §11). */
  oidc?: AdminOidcService;
  /** Audits grant boundaries and deletes expired grants (docs/design.md §13.3); the HTTP server starts it. */
  grantSweep: GrantSweepService;
  close(): Promise<void>;
}

/**
 * The composition root: opens the database, runs pending migrations, makes sure the
 * configuration record and signing key exist, then builds the services.
 */
export async function createApp(config: AppConfig, log: Logger): Promise<App> {
  const stats = new QueryStats();
  let dataSource: DataSource;
  try {
    dataSource = createDataSource(config.databaseUrl, { entities, stats, log });
    await dataSource.initialize();
  } catch (error) {
    // ECONNREFUSED or "unable to open database file" alone do not say which setting to fix.
    throw new ConfigError(`DATABASE_URL (${redactedUrl(config.databaseUrl)}): the database cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  const db = new Database(dataSource, databaseKind(config.databaseUrl), stats, config.writeTimeouts);
  db.hooks.beforeCommit.push(auditBeforeCommit);
  db.hooks.afterCommit.push((ctx) => {
    ctx.loaders.clearAll();
    ctx.read = undefined;
  });
  try {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, "applied migrations");
    const cache = new ModelCache(db);
    const configuration = new ConfigurationService(db);
    const reader = new LoginReader(cache, () => configuration.read());
    await configuration.ensure();
    const tokens = new TokenService(db, configuration, config.auth, config.maxTokenLifetimeSeconds);
    await tokens.init();
    const services: Services = {
      applications: new ApplicationService(db),
      users: new UserService(db),
      userRelations: new UserRelationsService(),
      groups: new GroupService(db),
      groupNesting: new GroupNestingService(db),
      groupRelations: new GroupRelationsService(cache),
      roles: new RoleService(db),
      permissions: new PermissionService(db),
      organizations: new OrganizationService(db),
      organizationRelations: new OrganizationRelationsService(),
      configuration,
      apiKeys: new ApiKeyService(db, configuration),
      authorization: new AuthorizationService(db, reader, cache, config.explainMaxPaths),
      audit: new AuditService(db),
      exports: new ExportService(db, configuration),
      imports: new ImportService(db),
      userImports: new UsersImportService(db),
    };
    const grantSweep = new GrantSweepService(db, { retentionDays: (config.grantSweep ?? DEFAULT_GRANT_SWEEP).retentionDays }, log);
    const close = async () => {
      // Before the database closes: a run in progress finishes (or rolls back) first.
      await grantSweep.stop();
      cache.close();
      await dataSource.destroy();
    };
    const sessions = new AdminSessionService(db, config.adminSessionHours);
    const oidc = config.adminOidc && new AdminOidcService(db, sessions, config.adminOidc, log);
    return { config, db, services, configuration, reader, tokens, sessions, oidc, grantSweep, close };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
