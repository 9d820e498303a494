import { ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { Role } from "./role.entity";

@ObjectType()
export class RoleConnection extends Connection(Role) {}
