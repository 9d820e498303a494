import { isEmail } from "class-validator";
import { isHttpUrl, textProblem } from "../common/validators";
import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { LIMITS } from "../common/limits";
import { nameKey } from "../common/names";
import { CONFIGURATION_RECORD_ID, ImportProblem, LEGACY_KEYS, SwitchName, SWITCHES, TOP_LEVEL_KEYS } from "./transfer.format";
import { charLength, describe, isObject, Json, ShapeChecker } from "./import.checker";
import { ConfigurationPatch, GroupEntry, ImportModel, MappingEntry, RoleEntry } from "./import.model";
import { checkGrantList } from "./import.windows";

/**
 * The shape check of an import file (no database): types, lengths, required fields, duplicate
 * ids and names inside the file, unknown keys. It turns the file into an `ImportModel` that the
 * reference checks and the planner work on. Entries whose id is unusable are left out of the
 * model (their problem is recorded); other bad fields become `undefined` so that later checks
 * skip them instead of piling up follow-on problems.
 */

const APPLICATION_TYPES = new Set<string>(Object.values(ApplicationType));

export interface ShapeResult {
  model: ImportModel;
  problems: ImportProblem[];
  warnings: string[];
}

const GROUP_KEYS = new Set(["_id", "name", "description", "members", "memberGrants", "roles", "nested", "mappings"]);
const MAPPING_KEYS = new Set(["_id", "groupName", "connectionName"]);
const ROLE_KEYS = new Set(["_id", "name", "description", "applicationType", "applicationId", "permissions", "users", "userGrants"]);
const PERMISSION_KEYS = new Set(["_id", "name", "description", "applicationType", "applicationId"]);
const APPLICATION_KEYS = new Set(["id", "name", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"]);
const ORGANIZATION_USAGES: ReadonlySet<string> = new Set(Object.values(OrganizationUsage));
const USER_KEYS = new Set(["id", "email", "name", "connection"]);

/**
 * Checks the whole file and builds the model; `problems` empty means the shape is valid
 * (references and names against the database are checked afterwards).
 */
export function checkShape(doc: unknown): ShapeResult {
  const c = new ShapeChecker();
  const model: ImportModel = { configuration: undefined, groups: [], roles: [], permissions: [], applications: [], users: [], size: 0 };
  if (!isObject(doc)) {
    c.problem("$", `the file must be a JSON object with the keys ${TOP_LEVEL_KEYS.join(", ")}, not ${describe(doc)}`);
    return { model, problems: c.problems, warnings: c.warnings };
  }
  const allowed = new Set<string>([...TOP_LEVEL_KEYS, ...LEGACY_KEYS]);
  for (const key of Object.keys(doc)) {
    if (!allowed.has(key)) {
      c.problem(key, `unknown top-level key "${key}" (expected ${TOP_LEVEL_KEYS.join(", ")}, or the extension's legacy ${LEGACY_KEYS.join(", ")})`);
    }
  }
  model.configuration = checkConfiguration(c, c.topArray(doc, "configuration"));
  checkGroups(c, c.topArray(doc, "groups"), model);
  checkRoles(c, c.topArray(doc, "roles"), model);
  checkPermissions(c, c.topArray(doc, "permissions"), model);
  checkApplications(c, c.topArray(doc, "applications"), model);
  checkUsers(c, c.topArray(doc, "users"), model);
  const rules = c.topArray(doc, "rules");
  if (rules && rules.length > 0) {
    c.warnings.push(`rules: ${rules.length} legacy rule(s) of the extension's v1 ignored (Gatehouse has no rules; the login hook calls authorizationContext)`);
  }
  c.flushUnknownKeys();
  model.size = model.groups.length + model.roles.length + model.permissions.length + model.applications.length + model.users.length;
  return { model, problems: c.problems, warnings: c.warnings };
}

/** A switch value: a boolean, or the strings "yes"/"no" the extension's schema accepted. */
function switchValue(c: ShapeChecker, value: unknown, path: string): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(yes|no|true|false)$/i.test(value)) return /^(yes|true)$/i.test(value);
  c.problem(path, `must be true or false (or "yes"/"no"), not ${describe(value)}`);
  return undefined;
}

function checkConfiguration(c: ShapeChecker, list: unknown[] | undefined): ConfigurationPatch | undefined {
  if (!list) return undefined;
  if (list.length > 1) c.problem("configuration", `must hold a single record with _id "${CONFIGURATION_RECORD_ID}", not ${list.length}`);
  const patch: ConfigurationPatch = { switches: {} };
  const switchNames = new Set<string>(SWITCHES);
  for (const [record, , path] of c.records(list.slice(0, 1), "configuration")) {
    if (record._id !== CONFIGURATION_RECORD_ID) c.problem(`${path}._id`, `must be "${CONFIGURATION_RECORD_ID}", not ${describe(record._id)}`);
    for (const [key, value] of Object.entries(record)) {
      const at = `${path}.${key}`;
      if (key === "_id") continue;
      if (switchNames.has(key)) {
        const flag = switchValue(c, value, at);
        if (flag !== undefined) patch.switches[key as SwitchName] = flag;
      } else if (key === "apikey") {
        c.warnings.push(`${at}: the extension's API key is not imported (Gatehouse keeps its own key); run \`gatehouse apikey rotate\` and give the new key to the login hook`);
      } else if (key === "claimNamespace") {
        if (value === null) patch.claimNamespace = null;
        else {
          const text = c.text(record, key, path, { max: LIMITS.setting }, false);
          if (text !== undefined && !isHttpUrl(text)) c.problem(at, "must be an absolute http(s) URL, e.g. https://example.com/claims/");
          else if (text !== undefined) patch.claimNamespace = text;
        }
      } else if (key === "tokenIssuer" || key === "tokenAudience") {
        const text = c.text(record, key, path, { max: LIMITS.setting }, false);
        if (text !== undefined) patch[key] = text;
      } else if (key === "tokenLifetimeSeconds") {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 60 || value > 31_536_000) {
          c.problem(at, `must be a whole number of seconds from 60 to 31536000, not ${describe(value)}`);
        } else patch.tokenLifetimeSeconds = value;
      } else {
        c.problem(at, `unknown configuration key "${key}" (expected _id, ${SWITCHES.join(", ")}, claimNamespace, tokenIssuer, tokenAudience, tokenLifetimeSeconds)`);
      }
    }
    // Gatehouse's own export always holds its token settings: the warning is for a move from the extension.
    if (!("tokenLifetimeSeconds" in record)) warnPersistSwitches(c, patch, path);
  }
  return patch;
}

/**
 * The extension's persist switches wrote `app_metadata.authorization` in Auth0 at every login;
 * Gatehouse keeps them as snapshots of its own, and nothing reaches Auth0 unless the login hook
 * writes it (docs/design.md §14.3): whoever moves from the extension and reads app_metadata must
 * hear it at import.
 */
function warnPersistSwitches(c: ShapeChecker, patch: ConfigurationPatch, path: string): void {
  const on = (["persistGroups", "persistRoles", "persistPermissions"] as const).filter((key) => patch.switches[key]);
  if (on.length === 0) return;
  c.warnings.push(
    `${path}: ${on.join(", ")} ${on.length === 1 ? "is" : "are"} on: Gatehouse stores these lists per user and application (the user's authorization snapshots), ` +
      "but nothing reaches Auth0's app_metadata unless the login hook writes it — the extension's rule did, Gatehouse does not. " +
      "Deploy examples/auth0-post-login-action.js, which writes app_metadata.authorization per application through api.user.setAppMetadata, " +
      "or anything reading app_metadata.authorization stops seeing changes",
  );
}

/** Names unique ignoring case within `scope` (the whole file for groups, an application for roles and permissions). */
function checkDuplicateName(c: ShapeChecker, seen: Map<string, number>, scope: string, name: string | undefined, path: string, collection: string, index: number): void {
  if (name === undefined) return;
  const key = `${scope}\u0000${nameKey(name)}`;
  const first = seen.get(key);
  if (first !== undefined) {
    const where = scope ? ` in application "${scope}"` : "";
    c.problem(`${path}.name`, `duplicate name "${name}"${where}: ${collection}[${first}] has the same name ignoring case`);
  } else seen.set(key, index);
}

function checkGroups(c: ShapeChecker, list: unknown[] | undefined, model: ImportModel): void {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const mappingIds = new Map<string, string>();
  for (const [record, index, path] of c.records(list, "groups")) {
    c.extraKeys(record, GROUP_KEYS, "groups", path);
    const id = c.recordId(record, "_id", { path, index, collection: "groups" }, LIMITS.entityId, ids);
    const name = c.text(record, "name", path, { max: LIMITS.groupName, trim: true }, true);
    checkDuplicateName(c, names, "", name, path, "groups", index);
    const entry: GroupEntry = {
      index,
      id: id ?? "",
      name,
      description: c.description(record, path),
      members: c.ids(record, "members", path, LIMITS.externalId),
      roles: c.ids(record, "roles", path, LIMITS.entityId),
      nested: c.ids(record, "nested", path, LIMITS.entityId),
      mappings: checkMappings(c, record, path, mappingIds),
    };
    entry.memberGrants = checkGrantList(record.memberGrants, `${path}.memberGrants`, "userId", entry.members, "members", (at, message) => c.problem(at, message));
    if (id !== undefined) model.groups.push(entry);
  }
}

function checkMappings(c: ShapeChecker, group: Json, groupPath: string, seenIds: Map<string, string>): MappingEntry[] | undefined {
  const value = group.mappings;
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    c.problem(`${groupPath}.mappings`, `must be an array of {_id, groupName, connectionName}, not ${describe(value)}`);
    return undefined;
  }
  const mappings: MappingEntry[] = [];
  for (const [record, index, path] of c.records(value, `${groupPath}.mappings`)) {
    c.extraKeys(record, MAPPING_KEYS, "mappings", path);
    let id: string | undefined;
    if (record._id !== undefined) {
      id = c.text(record, "_id", path, { max: LIMITS.entityId }, true);
      const first = id === undefined ? undefined : seenIds.get(id);
      if (id !== undefined && first !== undefined) {
        c.problem(`${path}._id`, `duplicate mapping id "${id}" (also ${first})`);
        id = undefined;
      } else if (id !== undefined) seenIds.set(id, path);
    }
    mappings.push({
      index,
      id,
      connectionName: c.text(record, "connectionName", path, { max: LIMITS.mappingName, trim: true }, true),
      groupName: c.text(record, "groupName", path, { max: LIMITS.mappingName }, true),
    });
  }
  return mappings;
}

/** applicationType: the extension's "client"; "resource_server" is accepted (the policy never read it). */
function checkApplicationType(c: ShapeChecker, record: Json, path: string, resourceServers: string[]): void {
  const type = record.applicationType;
  if (type === undefined || type === "client") return;
  if (type === "resource_server") resourceServers.push(path);
  else c.problem(`${path}.applicationType`, `must be "client" (or the extension's "resource_server"), not ${describe(type)}`);
}

function warnResourceServers(c: ShapeChecker, collection: string, paths: string[]): void {
  if (paths.length === 0) return;
  c.warnings.push(
    `${collection}: ${paths.length} entr${paths.length === 1 ? "y has" : "ies have"} applicationType "resource_server" (first ${paths[0]}); stored as "client" — the policy only ever compared applicationId`,
  );
}

function checkRoles(c: ShapeChecker, list: unknown[] | undefined, model: ImportModel): void {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const resourceServers: string[] = [];
  for (const [record, index, path] of c.records(list, "roles")) {
    c.extraKeys(record, ROLE_KEYS, "roles", path);
    const id = c.recordId(record, "_id", { path, index, collection: "roles" }, LIMITS.entityId, ids);
    const name = c.text(record, "name", path, { max: LIMITS.roleName, trim: true }, true);
    const applicationId = c.text(record, "applicationId", path, { max: LIMITS.externalId }, true);
    checkApplicationType(c, record, path, resourceServers);
    if (applicationId !== undefined) checkDuplicateName(c, names, applicationId, name, path, "roles", index);
    const entry: RoleEntry = {
      index,
      id: id ?? "",
      name,
      description: c.description(record, path),
      applicationId,
      permissions: c.ids(record, "permissions", path, LIMITS.entityId),
      users: c.ids(record, "users", path, LIMITS.externalId),
    };
    entry.userGrants = checkGrantList(record.userGrants, `${path}.userGrants`, "userId", entry.users, "users", (at, message) => c.problem(at, message));
    if (id !== undefined) model.roles.push(entry);
  }
  warnResourceServers(c, "roles", resourceServers);
}

function checkPermissions(c: ShapeChecker, list: unknown[] | undefined, model: ImportModel): void {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const resourceServers: string[] = [];
  for (const [record, index, path] of c.records(list, "permissions")) {
    c.extraKeys(record, PERMISSION_KEYS, "permissions", path);
    const id = c.recordId(record, "_id", { path, index, collection: "permissions" }, LIMITS.entityId, ids);
    const name = c.text(record, "name", path, { max: LIMITS.permissionName, trim: true }, true);
    const applicationId = c.text(record, "applicationId", path, { max: LIMITS.externalId }, true);
    checkApplicationType(c, record, path, resourceServers);
    if (applicationId !== undefined) checkDuplicateName(c, names, applicationId, name, path, "permissions", index);
    if (id !== undefined) model.permissions.push({ index, id, name, description: c.description(record, path), applicationId });
  }
  warnResourceServers(c, "permissions", resourceServers);
}

/**
 * `applications` is Gatehouse's own list when any entry has both `id` and `type`; otherwise it
 * is the extension's legacy v1 collection (which no route of the extension used), ignored with
 * a warning.
 */
function checkApplications(c: ShapeChecker, list: unknown[] | undefined, model: ImportModel): void {
  if (!list || list.length === 0) return;
  const gatehouse = list.some((item) => isObject(item) && "id" in item && "type" in item);
  if (!gatehouse) {
    c.warnings.push(
      `applications: ${list.length} entr${list.length === 1 ? "y" : "ies"} of the extension's legacy v1 applications ignored (Gatehouse's own applications have "id" and "type")`,
    );
    return;
  }
  const ids = new Map<string, number>();
  for (const [record, index, path] of c.records(list, "applications")) {
    c.extraKeys(record, APPLICATION_KEYS, "applications", path);
    const id = c.recordId(record, "id", { path, index, collection: "applications" }, LIMITS.externalId, ids);
    const name = c.text(record, "name", path, { max: LIMITS.applicationName, trim: true }, true);
    let type: ApplicationType | undefined;
    if (record.type === undefined) c.problem(`${path}.type`, "is required");
    else if (typeof record.type !== "string" || !APPLICATION_TYPES.has(record.type)) {
      c.problem(`${path}.type`, `must be one of ${[...APPLICATION_TYPES].join(", ")}, not ${describe(record.type)}`);
    } else type = record.type as ApplicationType;
    let requiredRoles: string[] | undefined;
    if (record.requiredRoles !== undefined) {
      const roles = record.requiredRoles;
      if (!Array.isArray(roles)) c.problem(`${path}.requiredRoles`, `must be an array of role names, not ${describe(roles)}`);
      else if (roles.length > LIMITS.requiredRoles) c.problem(`${path}.requiredRoles`, `must hold at most ${LIMITS.requiredRoles} role names`);
      else {
        const bad = roles.findIndex((r) => typeof r !== "string" || r.length === 0 || charLength(r) > LIMITS.roleName || textProblem(r) !== null);
        if (bad >= 0) c.problem(`${path}.requiredRoles[${bad}]`, textProblem(roles[bad]) ?? `must be a role name of 1–${LIMITS.roleName} characters, not ${describe(roles[bad])}`);
        else requiredRoles = [...new Set(roles as string[])];
      }
    }
    let organizationUsage: OrganizationUsage | undefined;
    if (record.organizationUsage !== undefined) {
      if (typeof record.organizationUsage === "string" && ORGANIZATION_USAGES.has(record.organizationUsage)) organizationUsage = record.organizationUsage as OrganizationUsage;
      else c.problem(`${path}.organizationUsage`, `must be one of ${[...ORGANIZATION_USAGES].join(", ")}, not ${describe(record.organizationUsage)}`);
    }
    let tenantRolesInOrganizations: boolean | undefined;
    if (record.tenantRolesInOrganizations !== undefined) {
      if (typeof record.tenantRolesInOrganizations === "boolean") tenantRolesInOrganizations = record.tenantRolesInOrganizations;
      else c.problem(`${path}.tenantRolesInOrganizations`, `must be true or false, not ${describe(record.tenantRolesInOrganizations)}`);
    }
    if (id !== undefined) model.applications.push({ index, id, name, type, requiredRoles, organizationUsage, tenantRolesInOrganizations });
  }
}

function checkUsers(c: ShapeChecker, list: unknown[] | undefined, model: ImportModel): void {
  const ids = new Map<string, number>();
  for (const [record, index, path] of c.records(list, "users")) {
    c.extraKeys(record, USER_KEYS, "users", path);
    const id = c.recordId(record, "id", { path, index, collection: "users" }, LIMITS.externalId, ids);
    let email = c.nullableText(record, "email", path, LIMITS.email);
    if (typeof email === "string" && !isEmail(email)) {
      c.problem(`${path}.email`, `must be an email address, not ${describe(email)}`);
      email = undefined;
    }
    const name = c.nullableText(record, "name", path, LIMITS.userText);
    const connection = c.nullableText(record, "connection", path, LIMITS.userText);
    if (id !== undefined) model.users.push({ index, id, email, name, connection });
  }
}
