import { ComingSoon } from "../../components/ComingSoon";

/** Import / Export (DESIGN §11). Not built yet. */
export function ImportExportPage() {
  return (
    <ComingSoon title="Import / Export" what="check an export file (a dry run listing every problem with its path), import it in merge or replace mode, and download an export" />
  );
}
