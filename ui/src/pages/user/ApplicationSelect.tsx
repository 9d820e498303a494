import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { UserApplicationsQuery, type ApplicationOption } from "./user.documents";

interface ApplicationSelectProps {
  value: string | null;
  onChange(id: string): void;
  /** With no value yet: take this one, else the first application listed. */
  preferred?: string;
  /** Told the name of every application listed so far (for other parts of the page). */
  onNames?(names: ReadonlyMap<string, string>): void;
}

/** "Application": searched on the server as the admin types (there may be hundreds). */
export function ApplicationSelect({ value, onChange, preferred, onNames }: ApplicationSelectProps) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [known, setKnown] = useState<Map<string, ApplicationOption>>(new Map());
  const chosen = value ? known.get(value) : undefined;
  // The label of the chosen application is its search text too: do not search for it.
  const term = chosen && debounced === chosen.name ? "" : debounced;
  const [{ data, fetching }] = useQuery({ query: UserApplicationsQuery, variables: { search: term || null, first: 20 } });
  const nodes = data?.applications.nodes;

  useEffect(() => {
    if (!nodes) return;
    setKnown((current) => {
      const next = new Map(current);
      for (const app of nodes) next.set(app.id, app);
      return next;
    });
    if (!value && nodes.length > 0) onChange(preferred ?? nodes[0].id);
  }, [nodes, value, preferred, onChange]);

  // The chosen one stays an option whatever the search shows (named by its id until listed).
  const current: ApplicationOption[] = value ? [chosen ?? { id: value, name: value, type: "" }] : [];
  useEffect(() => onNames?.(new Map([...known.values()].map((a) => [a.id, a.name]))), [known, onNames]);

  const options = [...new Map([...current, ...(nodes ?? [])].map((a) => [a.id, a] as const)).values()];
  const total = data?.applications.totalCount;

  return (
    <Select
      label="Application"
      description={total !== undefined && total > options.length ? `${total} applications: type to search by name or client id` : undefined}
      placeholder={fetching ? "Loading…" : total === 0 ? "No applications yet" : "Choose an application"}
      data={options.map((a) => ({ value: a.id, label: a.name }))}
      value={value}
      onChange={(id) => id && onChange(id)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={fetching ? "Searching…" : "No application matches"}
      allowDeselect={false}
      maw={420}
    />
  );
}
