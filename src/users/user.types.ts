import { Field, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { User } from "./user.entity";

@ObjectType()
export class UserConnection extends Connection(User) {
  @Field({
    description: "False when `totalCount` is a lower bound: a search counts its matches up to 10,000 (docs/design.md §10). Always true without `search`.",
  })
  totalCountExact: boolean;
}
