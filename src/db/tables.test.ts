import "reflect-metadata";
import { DataSource } from "typeorm";
import { entities } from "../entities";
import { createDataSource } from "./data-source";
import { quoteIdentifier, selectFrom, TABLES } from "./tables";

/** TABLES (read from the decorators at module load) against the metadata TypeORM builds for each driver. */

/** A data source's entity metadata, built without connecting (`buildMetadatas` is what `initialize` calls). */
async function metadataOf(databaseUrl: string): Promise<DataSource> {
  const dataSource = createDataSource(databaseUrl, { entities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource;
}

describe.each([
  ["SQLite", "sqlite::memory:"],
  ["PostgreSQL", "postgres://nobody@127.0.0.1:1/none"],
])("TABLES on %s", (_driver, url) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await metadataOf(url);
  });

  it.each(Object.entries(TABLES))("%s has the table and column names of the data source's metadata", (_key, names) => {
    const meta = dataSource.entityMetadatas.find((m) => m.tableName === names.name);
    expect(meta).toBeDefined();
    expect(names.table).toBe(dataSource.driver.escape(meta!.tableName));
    const expected = Object.fromEntries(meta!.columns.map((column) => [column.propertyName, column.databaseName]));
    expect(names.columns).toEqual(expected);
    expect(names.c).toEqual(Object.fromEntries(meta!.columns.map((column) => [column.propertyName, dataSource.driver.escape(column.databaseName)])));
  });
});

describe("names for hand-written SQL", () => {
  it("every table's column names are its property names", () => {
    // The raw statements read rows by column name into objects typed by property (row.groupId):
    // a column renamed with `@Column({ name })` would need an alias (`"group_id" AS "groupId"`) there.
    for (const names of Object.values(TABLES)) for (const [property, column] of Object.entries(names.columns)) expect(column).toBe(property);
  });

  it("quotes identifiers as both drivers do, doubling embedded quotes", () => {
    expect(quoteIdentifier("groupId")).toBe('"groupId"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(selectFrom(TABLES.groupNestings, ["parentId", "childId"])).toBe('SELECT "parentId", "childId" FROM "group_nestings"');
  });

  it("the names are frozen", () => {
    expect(Object.isFrozen(TABLES.groups) && Object.isFrozen(TABLES.groups.c) && Object.isFrozen(TABLES.groups.columns)).toBe(true);
  });
});
