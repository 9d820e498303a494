/** The example company that `gatehouse seed demo` loads (src/cli/seed-demo.ts; docs/design.md §9). */
export const DEMO_APPLICATION_ID = "expense-management-tool";
/** Its top group; with the application above, how an import recognises the demo company (docs/design.md §7). */
export const DEMO_TOP_GROUP = "Example Company";
