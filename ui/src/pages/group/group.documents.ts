import { gql } from "@urql/core";

export interface GroupHeader {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The group page's header (name, description, counts); each tab asks for its own data. */
export const GroupHeaderQuery = gql<{ group: GroupHeader | null }, { id: string }>`
  query GroupHeader($id: ID!) {
    group(id: $id) {
      id
      name
      description
      memberCount
      createdAt
      updatedAt
    }
  }
`;
