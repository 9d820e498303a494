import { ComingSoon } from "../../components/ComingSoon";

/** Applications and Application (DESIGN §11). Not built yet. */
export function ApplicationsPage() {
  return <ComingSoon title="Applications" what="manage applications (type, required roles) and their roles and permissions" />;
}
