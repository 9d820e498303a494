import { Code, List, Stack, Text } from "@mantine/core";
import type { Client, CombinedError } from "@urql/core";
import { errorsOf } from "../graphql/errors";
import type { PickerOutcome } from "./Picker";
import { UserExistsQuery } from "./stubUsers.documents";

/** Which of `ids` are not known users; null when the session may not look users up. */
async function unknownUserIds(client: Client, ids: string[]): Promise<string[] | null> {
  const unknown: string[] = [];
  let forbidden = false;
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const result = await client.query(UserExistsQuery, { id }, { requestPolicy: "network-only" }).toPromise();
      if (result.error) {
        if (errorsOf(result.error).some((e) => e.code === "FORBIDDEN")) forbidden = true;
        else throw result.error;
      } else if (!result.data?.user) unknown.push(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
  return forbidden ? null : unknown;
}

/**
 * Adding users by id (a members picker): ids picked from the list are known; pasted ones are looked
 * up first, and when some are not known users the picker asks before `commit` creates them as
 * stub users (the server creates unknown ids as stubs when adding).
 */
export async function addUsersAskingAboutStubs(client: Client, ids: string[], known: ReadonlyMap<string, string>, commit: () => Promise<PickerOutcome>): Promise<PickerOutcome> {
  const toCheck = ids.filter((id) => !known.has(id));
  if (toCheck.length === 0) return commit();
  let unknown: string[] | null;
  try {
    unknown = await unknownUserIds(client, toCheck);
  } catch (failure) {
    return { kind: "error", error: failure as CombinedError };
  }
  if (unknown !== null && unknown.length === 0) return commit();
  const message =
    unknown === null ? (
      <Text>
        This session may not look users up (needs read:users), so whether the pasted ids exist cannot be checked. Ids that are not known users will be created as stub users (id
        only) when they are added.
      </Text>
    ) : (
      <Stack gap="xs">
        <Text>
          {unknown.length === 1 ? "This id is not a known user: adding it creates a stub user" : `These ${unknown.length} ids are not known users: adding them creates stub users`}{" "}
          (id only; a later import or upsert fills in the profile):
        </Text>
        <List size="sm">
          {unknown.slice(0, 20).map((id) => (
            <List.Item key={id}>
              <Code>{id}</Code>
            </List.Item>
          ))}
          {unknown.length > 20 && <List.Item>and {unknown.length - 20} more</List.Item>}
        </List>
      </Stack>
    );
  return { kind: "confirm", message, confirmLabel: unknown === null ? "Add anyway" : "Create stub users and add", proceed: commit };
}
