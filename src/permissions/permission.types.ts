import { ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { Permission } from "./permission.entity";

@ObjectType()
export class PermissionConnection extends Connection(Permission) {}
