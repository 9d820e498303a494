import { ComingSoon } from "../../components/ComingSoon";

/** Users (DESIGN §11): search and paging over users. Not built yet. */
export function UsersPage() {
  return <ComingSoon title="Users" what="search and page through users and open each one's profile" />;
}
