import { ComingSoon } from "../../components/ComingSoon";

/** Configuration (DESIGN §11). Not built yet. */
export function ConfigurationPage() {
  return <ComingSoon title="Configuration" what="set the token switches, the claim namespace and token settings, and rotate the API key" />;
}
