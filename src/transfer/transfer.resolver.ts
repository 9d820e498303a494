import { GraphQLJSON } from "graphql-scalars";
import { Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { ExportService } from "./export.service";
import { ImportService } from "./import.service";
import { ImportDataArgs, ImportResult } from "./transfer.types";

@Resolver()
export class TransferResolver {
  constructor(
    private readonly exports: ExportService,
    private readonly imports: ImportService,
  ) {}

  @Authorized("export:data")
  @Query(() => GraphQLJSON, {
    description: "The whole model in the Auth0 Authorization Extension's export format plus `applications` and `users`; never the API key.",
  })
  exportData() {
    return this.exports.exportData();
  }

  @Authorized("import:data")
  @Mutation(() => ImportResult, {
    description:
      "Imports an exportData or Auth0 extension file in one transaction; an invalid file is BAD_USER_INPUT listing every problem (extensions.problems) and writes nothing.",
  })
  importData(@Ctx() ctx: RequestContext, @Args() { data, mode, dryRun, repair }: ImportDataArgs) {
    return this.imports.import(ctx, { data }, { mode, dryRun, repair });
  }
}
