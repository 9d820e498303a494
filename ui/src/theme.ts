import { createTheme } from "@mantine/core";

/**
 * The console's theme. Only settings that need no CSS variables beyond the default theme's (see
 * main.tsx): component defaults. Fonts are the default system stack (no web fonts).
 */
export const theme = createTheme({
  components: {
    Table: { defaultProps: { striped: true, highlightOnHover: true, withTableBorder: true, verticalSpacing: 6 } },
    // lockScroll off: react-remove-scroll would inject a <style> element, which the CSP refuses;
    // styles.css locks the page's scroll while a modal is open instead.
    Modal: { defaultProps: { centered: true, size: "lg", lockScroll: false, closeButtonProps: { "aria-label": "Close" } } },
  },
});
