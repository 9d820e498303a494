import { gql } from "@urql/core";

/** Whether a user id is known (pasted ids are checked before stubs are created). */
export const UserExistsQuery = gql<{ user: { id: string } | null }, { id: string }>`
  query UserExists($id: ID!) {
    user(id: $id) {
      id
    }
  }
`;
