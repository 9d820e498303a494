import { TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";

interface SearchFieldProps {
  /** Called with the text once typing pauses (server-side search as you type). */
  onSearch(value: string): void;
  placeholder?: string;
  delayMs?: number;
  autoFocus?: boolean;
}

/** The "Search" field of lists and pickers. */
export function SearchField({ onSearch, placeholder, delayMs = 250, autoFocus }: SearchFieldProps) {
  const [value, setValue] = useState("");
  const [debounced] = useDebouncedValue(value.trim(), delayMs);
  useEffect(() => onSearch(debounced), [debounced, onSearch]);
  return (
    <TextInput
      label="Search"
      type="search"
      placeholder={placeholder}
      value={value}
      onChange={(event) => setValue(event.currentTarget.value)}
      autoFocus={autoFocus}
      data-autofocus={autoFocus || undefined}
      w={360}
      maw="100%"
    />
  );
}
