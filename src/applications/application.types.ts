import { ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { Application } from "./application.entity";

@ObjectType()
export class ApplicationConnection extends Connection(Application) {}
