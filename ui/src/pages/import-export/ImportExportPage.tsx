import { Alert, Checkbox, FileInput, Group, List, Progress, Radio, Stack, Table, Text, Title } from "@mantine/core";
import type { CombinedError } from "@urql/core";
import { useEffect, useState } from "react";
import { useClient, useMutation } from "urql";
import { ErrorPanel } from "../../components/ErrorPanel";
import { ScopedButton } from "../../components/ScopedButton";
import { errorsOf, type GatehouseErrorInfo } from "../../graphql/errors";
import { COUNT_KINDS, ExportDataQuery, ImportDataMutation, type CountKind, type ImportMode, type ImportResult } from "./import-export.documents";

const KIND_LABELS: Record<CountKind, string> = {
  applications: "Applications",
  users: "Users",
  groups: "Groups",
  roles: "Roles",
  permissions: "Permissions",
  memberships: "Memberships (users in groups)",
  nestings: "Nestings (groups in groups)",
  groupRoles: "Roles of groups",
  userRoles: "Roles of users",
  rolePermissions: "Permissions of roles",
  mappings: "Mappings",
  configuration: "Configuration",
};

interface Problem {
  path: string;
  message: string;
}

/** The problems of a refused import (`extensions.problems`: every one, with its JSON path). */
function problemsOf(error: CombinedError | undefined): { problems: Problem[]; others: GatehouseErrorInfo[] } {
  const problems: Problem[] = [];
  const others: GatehouseErrorInfo[] = [];
  for (const e of errorsOf(error)) {
    const list = e.extensions.problems;
    if (e.code === "BAD_USER_INPUT" && Array.isArray(list)) problems.push(...(list as Problem[]));
    else others.push(e);
  }
  return { problems, others };
}

const total = (counts: Record<CountKind, number>) => COUNT_KINDS.reduce((sum, kind) => sum + counts[kind], 0);

function CountsTable({ result, label }: { result: ImportResult; label: string }) {
  const rows = COUNT_KINDS.filter((kind) => result.created[kind] + result.updated[kind] + result.deleted[kind] > 0);
  return (
    <Table aria-label={label} maw={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Kind</Table.Th>
          <Table.Th scope="col" ta="right">
            Created
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Updated
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Deleted
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((kind) => (
          <Table.Tr key={kind}>
            <Table.Th scope="row" fw={400}>
              {KIND_LABELS[kind]}
            </Table.Th>
            <Table.Td ta="right">{result.created[kind]}</Table.Td>
            <Table.Td ta="right">{result.updated[kind]}</Table.Td>
            <Table.Td ta="right" c={result.deleted[kind] > 0 ? "red.9" : undefined} fw={result.deleted[kind] > 0 ? 600 : undefined}>
              {result.deleted[kind]}
            </Table.Td>
          </Table.Tr>
        ))}
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={4}>
              <Text size="sm" c="dimmed">
                Nothing would change: the database already holds what the file says.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title={`${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}`} maw={760}>
      <List size="sm" spacing={4}>
        {warnings.map((w, i) => (
          <List.Item key={i}>{w}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ExportSection() {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await client.query(ExportDataQuery, {}, { requestPolicy: "network-only" }).toPromise();
      if (answer.error || !answer.data) {
        setError(answer.error);
        return;
      }
      const blob = new Blob([JSON.stringify(answer.data.exportData, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = `gatehouse-export-${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}.json`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" component="section" aria-label="Export" maw={760}>
      <Title order={2} size="h3">
        Export
      </Title>
      <Text size="sm">
        The whole model (applications, users, groups, roles, permissions, the configuration) as one JSON file in the Auth0 Authorization Extension's format plus applications and
        users. It never holds the API key. Large databases export faster with <code>gatehouse export</code>.
      </Text>
      <Group>
        <ScopedButton scope="export:data" variant="default" onClick={() => void download()} loading={busy}>
          Download export
        </ScopedButton>
      </Group>
      <ErrorPanel error={error} title="The export failed" />
    </Stack>
  );
}

/** "1.2 MB": a file's size for people. */
function bytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Progress while a file is read, sent and checked or imported: the step, the file's size and the
 * seconds so far (one request does the work, so there is no percentage to show — a big file
 * takes its time on the server, in one transaction).
 */
function Working({ step, file }: { step: "checking" | "importing" | null; file: File | null }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    setSeconds(0);
    if (!step) return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [step]);
  if (!step || !file) return null;
  const what = step === "checking" ? "Checking" : "Importing";
  return (
    <Stack gap={4} maw={480}>
      <Progress value={100} striped animated aria-label={`${what} ${file.name}`} />
      <Text size="sm" role="status">
        {what} {file.name} ({bytes(file.size)}): reading, sending and {step === "checking" ? "checking every record" : "writing it in one transaction"}… {seconds} s
      </Text>
    </Stack>
  );
}

function ImportSection() {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>("MERGE");
  const [repair, setRepair] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [parseError, setParseError] = useState<string | null>(null);
  const [data, setData] = useState<unknown>(undefined);
  const [check, runCheck] = useMutation(ImportDataMutation);
  const [imported, runImport] = useMutation(ImportDataMutation);
  // What the last dry run was about: a change of file, mode or repair needs a new check.
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const [importedKey, setImportedKey] = useState<string | null>(null);
  const key = file ? `${file.name}\u0000${file.size}\u0000${file.lastModified}\u0000${mode}\u0000${repair}` : null;
  const checked = key !== null && key === checkedKey;
  const report = checked && !check.fetching ? check : undefined;
  const { problems, others } = problemsOf(report?.error);
  const dryRun = report?.data?.importData;
  const deletes = mode === "REPLACE" && dryRun ? total(dryRun.deleted) : 0;
  const done = importedKey !== null && importedKey === key && imported.data?.importData;

  const readFile = async (): Promise<unknown> => {
    if (!file) return undefined;
    try {
      setParseError(null);
      return JSON.parse(await file.text());
    } catch (e) {
      setParseError(`${file.name} is not a JSON file: ${(e as Error).message}`);
      return undefined;
    }
  };

  const onCheck = async () => {
    setUnderstood(false);
    setImportedKey(null);
    const parsed = await readFile();
    setCheckedKey(null);
    if (parsed === undefined) return;
    setData(parsed);
    await runCheck({ data: parsed, dryRun: true, mode, repair });
    setCheckedKey(key);
  };

  const onImport = async () => {
    const answer = await runImport({ data, dryRun: false, mode, repair });
    setImportedKey(key);
    if (answer.data) setUnderstood(false);
  };

  return (
    <Stack gap="sm" component="section" aria-label="Import" maw={960}>
      <Title order={2} size="h3">
        Import
      </Title>
      <Text size="sm" maw={760}>
        Upload a file of <code>gatehouse export</code> (or of this page), or the Auth0 Authorization Extension's export. Check it first: the dry run lists every problem with its
        path and what would change, and writes nothing. An import runs in one transaction: all of it or nothing. Files above the server's body limit go through{" "}
        <code>gatehouse import</code>.
      </Text>
      <FileInput
        label="Import file"
        description="A .json file"
        placeholder="Choose a file"
        // The placeholder is text in a button here (axe checks its contrast), not an input hint.
        styles={{ placeholder: { color: "var(--mantine-color-gray-7)" } }}
        accept="application/json,.json"
        value={file}
        onChange={(f) => {
          setFile(f);
          setParseError(null);
        }}
        clearable
        clearButtonProps={{ "aria-label": "Remove the chosen file" }}
        maw={480}
      />
      <Radio.Group label="Mode" value={mode} onChange={(value) => setMode(value as ImportMode)}>
        <Stack gap={6} mt={6}>
          <Radio value="MERGE" label="Merge: create or update what the file holds, keep everything else" />
          <Radio value="REPLACE" label="Replace: make the database exactly the file (everything not in it is deleted)" />
        </Stack>
      </Radio.Group>
      <Checkbox
        label="Repair a dirty export (drop dangling ids and self-nesting, break nesting cycles; one warning per repair)"
        checked={repair}
        onChange={(e) => setRepair(e.currentTarget.checked)}
      />
      <Group>
        <ScopedButton scope="import:data" onClick={() => void onCheck()} disabled={!file} loading={check.fetching}>
          Check file
        </ScopedButton>
        {!file && (
          <Text size="sm" c="dimmed">
            Choose a file first.
          </Text>
        )}
      </Group>
      <Working step={check.fetching ? "checking" : imported.fetching ? "importing" : null} file={file} />
      {parseError && (
        <Alert color="red" variant="light" role="alert" title="The file could not be read" maw={760}>
          <Text size="sm">{parseError}</Text>
        </Alert>
      )}
      {report && problems.length > 0 && (
        <Stack gap="xs" component="section" aria-label="Problems">
          <Alert
            color="red"
            variant="light"
            role="alert"
            title={`The file has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing can be imported`}
            maw={760}
          >
            <Text size="sm">Nothing was written. Fix the file{repair ? "" : " (or tick Repair for dangling ids and cycles)"} and check it again.</Text>
          </Alert>
          <Table aria-label="Problems in the file">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Path</Table.Th>
                <Table.Th scope="col">Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((p, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {p.path}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.message}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {report && <ErrorPanel errors={others} title="The check failed" />}
      {dryRun && !done && (
        <Stack gap="sm" component="section" aria-label="Dry run">
          <Alert color="blue" variant="light" title={`The file is valid: this is what ${mode === "MERGE" ? "merging" : "replacing"} would do`} maw={760}>
            <Text size="sm">Nothing has been written yet.</Text>
          </Alert>
          <CountsTable result={dryRun} label="What the import would change" />
          <Warnings warnings={dryRun.warnings} />
          {deletes > 0 && (
            <Alert color="red" variant="light" role="alert" title={`Replace deletes ${deletes} records that are not in the file`} maw={760}>
              <Text size="sm">
                The database is not empty: replacing it deletes{" "}
                {COUNT_KINDS.filter((k) => dryRun.deleted[k] > 0)
                  .map((k) => `${dryRun.deleted[k]} ${KIND_LABELS[k].toLowerCase()}`)
                  .join(", ")}
                . Export first if you may need them back.
              </Text>
              <Checkbox mt="sm" label="I understand that replace deletes them" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />
            </Alert>
          )}
          <Group>
            <ScopedButton
              scope="import:data"
              color={mode === "REPLACE" ? "red" : undefined}
              onClick={() => void onImport()}
              disabled={deletes > 0 && !understood}
              loading={imported.fetching}
            >
              Import
            </ScopedButton>
          </Group>
          {importedKey === key && <ErrorPanel error={imported.error} title="The import failed; nothing was written" />}
        </Stack>
      )}
      {done && (
        <Stack gap="sm" component="section" aria-label="Import done">
          <Alert color="teal" variant="light" role="status" title="Imported" maw={760}>
            <Text size="sm">The file was {done.mode === "MERGE" ? "merged into" : "written over"} the database, in one transaction.</Text>
          </Alert>
          <CountsTable result={done} label="What the import changed" />
          <Warnings warnings={done.warnings} />
        </Stack>
      )}
    </Stack>
  );
}

/** /admin/import-export: upload → "Check file" (a dry run) → the report → "Import"; and the export download. */
export function ImportExportPage() {
  return (
    <Stack gap="lg">
      <Title order={1}>Import / Export</Title>
      <ImportSection />
      <ExportSection />
    </Stack>
  );
}
