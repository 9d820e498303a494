import { EntityManager } from "typeorm";
import { RequestContext } from "../context/request-context";
import { DEMO_APPLICATION_ID, DEMO_TOP_GROUP } from "../common/demo";
import { BadUserInputError } from "../common/errors";
import { nameKey } from "../common/names";
import { Database } from "../db/database";
import { planImport } from "./import.plan";
import { checkReferences, ResultingModel } from "./import.references";
import { repairReferences } from "./import.repair";
import { ExistingState, loadExistingState } from "./import.state";
import { checkShape } from "./import.validate";
import { ImportWriter } from "./import.writer";
import { checkOrganizationReferences, checkOrganizationsShape, countOrganizations, writeOrganizations } from "./import.organizations";
import { ImportProblem, NO_PROGRESS, TransferProgress } from "./transfer.format";
import { ImportCounts, ImportMode, ImportResult } from "./transfer.types";

/** Problems shown in the error message; `extensions.problems` always has all of them. */
const PROBLEMS_IN_MESSAGE = 50;

/** An invalid import file: every problem with its JSON path; nothing was written. */
export class ImportProblemsError extends BadUserInputError {
  constructor(readonly problems: ImportProblem[]) {
    const lines = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `- ${p.path}: ${p.message}`);
    if (problems.length > PROBLEMS_IN_MESSAGE) lines.push(`- … and ${problems.length - PROBLEMS_IN_MESSAGE} more (all of them are in extensions.problems)`);
    super(`The import file has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported:\n${lines.join("\n")}`, { problems });
  }
}

/**
 * REPLACE into a database that holds data, without the caller's confirmation (the CLI's
 * `--yes`, docs/design.md §7 "Replace guard"): what it would delete; nothing was written.
 */
export class ReplaceNeedsConfirmationError extends BadUserInputError {
  constructor(
    readonly deleted: ImportCounts,
    readonly warnings: string[],
  ) {
    super("--mode replace would delete what the database holds and the file does not list; nothing was imported", { deleted });
  }
}

/** The example company of `gatehouse seed demo` (src/cli/seed-demo.ts; docs/design.md §9) is in the database. */
function holdsDemoCompany(existing: ExistingState): boolean {
  if (!existing.applications.has(DEMO_APPLICATION_ID)) return false;
  for (const group of existing.groups.values()) if (nameKey(group.name) === nameKey(DEMO_TOP_GROUP)) return true;
  return false;
}

/** Anything an import could delete or merge into: entities (the configuration record always exists). */
export function holdsData(existing: ExistingState): boolean {
  return existing.applications.size + existing.groups.size + existing.roles.size + existing.permissions.size + existing.userCount > 0;
}

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  /**
   * Drop dangling ids and self-nesting, break nesting cycles, each with a warning naming its
   * path (import.repair.ts, docs/design.md §7 "Repair"); false: they are problems.
   */
  repair?: boolean;
  /**
   * REPLACE into a database that holds data throws ReplaceNeedsConfirmationError (with the
   * counts it would delete) instead of writing: the CLI without `--yes`.
   */
  requireReplaceConfirmation?: boolean;
  progress?: TransferProgress;
  /**
   * The caller guarantees that nothing else uses the database meanwhile (the CLI's own
   * process). On SQLite the import then runs with foreign-key enforcement off: it checks every
   * reference itself and deletes dependent rows explicitly, and SQLite's row-by-row parent
   * lookups would otherwise make a million-membership import about ten times slower. (The
   * setting is per connection and cannot change inside a transaction, hence not on a server.)
   */
  exclusive?: boolean;
}

/**
 * Imports a file of `exportData` or of the Auth0 Authorization Extension (docs/transfer.md):
 * checks its shape, then — in one transaction, so that nothing changes in between — checks it
 * against the stored model, plans and counts every change, and writes it in batches. Any
 * problem aborts the whole import before the first write; a dry run stops after counting.
 */
export class ImportService {
  constructor(private readonly db: Database) {}

  /**
   * `file.data` is the parsed file; the import takes it out of the box once it has read it, so
   * that a caller holding only the box lets a large file be collected early.
   */
  async import(ctx: RequestContext, file: { data: unknown }, options: ImportOptions): Promise<ImportResult> {
    const progress = options.progress ?? NO_PROGRESS;
    progress.start("checking the file", 0);
    const shape = checkShape(file.data);
    // The organizations (docs/design.md §12) are checked and written by their own module.
    const organizations = checkOrganizationsShape((file.data as { organizations?: unknown } | null)?.organizations);
    shape.problems.push(...organizations.problems);
    file.data = undefined;
    if (shape.problems.some((p) => p.path === "$")) throw new ImportProblemsError(shape.problems);
    const run = async (manager: EntityManager): Promise<ImportResult> => {
      const existing = await loadExistingState(manager);
      const resulting = new ResultingModel(shape.model, existing, options.mode);
      // Repairs only what the references check would refuse; shape problems stay problems.
      const repairs = options.repair ? repairReferences(resulting) : [];
      const organizationCheck = await checkOrganizationReferences(manager, organizations.entries, resulting);
      const problems = [...shape.problems, ...checkReferences(resulting), ...organizationCheck.problems];
      if (problems.length > 0) throw new ImportProblemsError(problems);
      progress.start("planning the changes", 0);
      const plan = await planImport(manager, this.db.kind, resulting);
      countOrganizations(organizationCheck.plan, plan.created, plan.updated, plan.deletedCounts);
      const warnings = [...shape.warnings, ...repairs, ...plan.warnings];
      if (holdsDemoCompany(existing)) {
        warnings.push(
          `the database holds the demo company of \`gatehouse seed demo\` (application "${DEMO_APPLICATION_ID}", group "${DEMO_TOP_GROUP}"); ` +
            (options.mode === ImportMode.REPLACE ? "REPLACE deletes what the file does not list" : "MERGE keeps it next to the file's data"),
        );
      }
      if (options.requireReplaceConfirmation && !options.dryRun && !resulting.merge && holdsData(existing)) {
        throw new ReplaceNeedsConfirmationError(plan.deletedCounts, warnings);
      }
      if (!options.dryRun) {
        await new ImportWriter(manager, this.db.kind, progress).write(plan);
        await writeOrganizations(manager, organizationCheck.plan, !resulting.merge);
      }
      return {
        mode: options.mode,
        dryRun: options.dryRun,
        created: plan.created,
        updated: plan.updated,
        deleted: plan.deletedCounts,
        warnings,
      };
    };
    // A dry run writes nothing, so it is not a mutation to audit; a real import is audited in its transaction.
    if (options.dryRun) return this.db.transaction(run, { touchesModel: false, readOnly: true });
    if (!options.exclusive || this.db.kind !== "sqlite") return this.db.write(ctx, run);
    await this.db.dataSource.query("PRAGMA foreign_keys = OFF");
    try {
      return await this.db.write(ctx, run);
    } finally {
      await this.db.dataSource.query("PRAGMA foreign_keys = ON");
    }
  }
}
