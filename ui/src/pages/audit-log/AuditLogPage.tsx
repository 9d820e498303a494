import { ComingSoon } from "../../components/ComingSoon";

/** Audit log (DESIGN §11). Not built yet. */
export function AuditLogPage() {
  return <ComingSoon title="Audit log" what="filter every change by actor and target, with links to the targets" />;
}
