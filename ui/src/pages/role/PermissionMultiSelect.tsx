import { MultiSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { PermissionChoicesQuery } from "./role.documents";

interface PermissionMultiSelectProps {
  applicationId: string;
  /** The chosen permissions (id → name): their names stay shown whatever the search offers. */
  value: ReadonlyMap<string, string>;
  onChange(value: Map<string, string>): void;
  error?: string;
  readOnly?: boolean;
}

/**
 * "Permissions": a multi-select over the permissions of one application only (a role may hold
 * only its application's permissions), searched on the server as you type (50 at a time).
 */
export function PermissionMultiSelect({ applicationId, value, onChange, error, readOnly }: PermissionMultiSelectProps) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [{ data, fetching }] = useQuery({ query: PermissionChoicesQuery, variables: { applicationId, search: debounced || null } });
  const names = useMemo(() => {
    const all = new Map(value);
    for (const p of data?.permissions.nodes ?? []) all.set(p.id, p.name);
    return all;
  }, [data, value]);
  const options = [...names].map(([id, name]) => ({ value: id, label: name })).sort((a, b) => a.label.localeCompare(b.label));
  return (
    <MultiSelect
      label="Permissions"
      description="Permissions of this application only; type to search"
      placeholder={value.size === 0 ? "None yet" : undefined}
      data={options}
      value={[...value.keys()]}
      onChange={(ids) => onChange(new Map(ids.map((id) => [id, names.get(id) ?? id])))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={fetching ? "Searching…" : "No permission of this application matches"}
      error={error}
      readOnly={readOnly}
      clearable={!readOnly}
      hidePickedOptions
      maxDropdownHeight={260}
    />
  );
}
