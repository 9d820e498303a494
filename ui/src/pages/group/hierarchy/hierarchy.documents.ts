import { gql } from "@urql/core";

export interface GroupRef {
  id: string;
  name: string;
}

/** One step of the hierarchy: a group's parents and children (names only). */
export const HierarchyNeighboursQuery = gql<{ group: { id: string; name: string; parentGroups: GroupRef[]; nestedGroups: GroupRef[] } | null }, { id: string }>`
  query HierarchyNeighbours($id: ID!) {
    group(id: $id) {
      id
      name
      parentGroups {
        id
        name
      }
      nestedGroups {
        id
        name
      }
    }
  }
`;
