import { ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { User } from "./user.entity";

@ObjectType()
export class UserConnection extends Connection(User) {}
