import { Application } from "./applications/application.entity";
import { ModelRevision } from "./db/model-revision.entity";
import { AuditEntry, AuditTarget } from "./audit/audit-entry.entity";
import { GrantSweep } from "./audit/grant-sweep.entity";
import { AdminLoginCode, AdminOidcFlow, AdminSession } from "./auth/admin-session.entity";
import { SigningKey } from "./auth/signing-key.entity";
import { Configuration } from "./configuration/configuration.entity";
import { GroupMapping, GroupMember, GroupNesting, GroupRole } from "./groups/group-links.entity";
import { Group } from "./groups/group.entity";
import { OrganizationMemberRole, OrganizationMembership } from "./organizations/organization-links.entity";
import { Organization } from "./organizations/organization.entity";
import { Permission } from "./permissions/permission.entity";
import { RolePermission, UserRole } from "./roles/role-links.entity";
import { Role } from "./roles/role.entity";
import { AuthorizationSnapshot } from "./users/authorization-snapshot.entity";
import { User } from "./users/user.entity";

/** Every TypeORM entity; the one list the data source and the migration generator share. */
export const entities = [
  Application,
  User,
  Group,
  GroupMember,
  GroupNesting,
  GroupRole,
  GroupMapping,
  Role,
  RolePermission,
  UserRole,
  Permission,
  Configuration,
  SigningKey,
  AuthorizationSnapshot,
  AuditEntry,
  AuditTarget,
  ModelRevision,
  AdminLoginCode,
  AdminSession,
  AdminOidcFlow,
  Organization,
  OrganizationMembership,
  OrganizationMemberRole,
  GrantSweep,
];
