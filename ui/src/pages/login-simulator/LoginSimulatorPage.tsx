import { ComingSoon } from "../../components/ComingSoon";

/** Login simulator (DESIGN §11). Not built yet. */
export function LoginSimulatorPage() {
  return (
    <ComingSoon
      title="Login simulator"
      what="compute what a user gets at login for an application (groups, roles, permissions, the claims JSON, warnings, the access decision) and every path that produced it"
    />
  );
}
