import { ComingSoon } from "../../components/ComingSoon";

/** User (DESIGN §11): profile, groups, roles, effective roles and permissions, snapshots, why. Not built yet. */
export function UserPage(_props: { id: string }) {
  return (
    <ComingSoon
      title="User"
      what="see a user's profile, groups (with add and remove), effective groups with their path, direct and effective roles and permissions, snapshots, and why each was granted"
    />
  );
}
