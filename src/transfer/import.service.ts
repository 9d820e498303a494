import { EntityManager } from "typeorm";
import { RequestContext } from "../context/request-context";
import { BadUserInputError } from "../common/errors";
import { Database } from "../db/database";
import { planImport } from "./import.plan";
import { checkReferences, ResultingModel } from "./import.references";
import { loadExistingState } from "./import.state";
import { checkShape } from "./import.validate";
import { ImportWriter } from "./import.writer";
import { ImportProblem, NO_PROGRESS, TransferProgress } from "./transfer.format";
import { ImportMode, ImportResult } from "./transfer.types";

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

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
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
    file.data = undefined;
    if (shape.problems.some((p) => p.path === "$")) throw new ImportProblemsError(shape.problems);
    const run = async (manager: EntityManager): Promise<ImportResult> => {
      const existing = await loadExistingState(manager);
      const resulting = new ResultingModel(shape.model, existing, options.mode);
      const problems = [...shape.problems, ...checkReferences(resulting)];
      if (problems.length > 0) throw new ImportProblemsError(problems);
      progress.start("planning the changes", 0);
      const plan = await planImport(manager, this.db.kind, resulting);
      if (!options.dryRun) await new ImportWriter(manager, this.db.kind, progress).write(plan);
      return {
        mode: options.mode,
        dryRun: options.dryRun,
        created: plan.created,
        updated: plan.updated,
        deleted: plan.deletedCounts,
        warnings: [...shape.warnings, ...plan.warnings],
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
