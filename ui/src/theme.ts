import { createTheme } from "@mantine/core";

/**
 * The console's theme. Only settings that need no CSS variables beyond the default theme's (see
 * main.tsx): component defaults. Fonts are the default system stack (no web fonts).
 */
export const theme = createTheme({
  components: {
    Table: { defaultProps: { striped: true, highlightOnHover: true, withTableBorder: true, verticalSpacing: 6 } },
    Modal: { defaultProps: { centered: true, size: "lg" } },
  },
});
