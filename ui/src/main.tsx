import "@mantine/core/styles.css";
import "./styles.css";
import { MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { theme } from "./theme";

// Content-Security-Policy is `default-src 'self'`: no inline <style> may be added. Mantine's
// theme variables and global classes are therefore not injected at run time
// (withCssVariables / withGlobalClasses off): the default theme's variables come with
// @mantine/core/styles.css, and the console's few overrides live in styles.css. Components with
// responsive style props (which inject <style> tags) are not used; inline `style` props are
// set through the CSSOM, which the policy allows.
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider theme={theme} forceColorScheme="light" withCssVariables={false} withGlobalClasses={false}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
