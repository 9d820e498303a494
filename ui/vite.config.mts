import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The admin console (DESIGN §11): served by Gatehouse at /admin/ from ui/dist, hashed assets under
// /admin/assets/ (long-cached by the server). `npm run ui:dev` proxies the API to a local server.
const root = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.GATEHOUSE_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  root,
  base: "/admin/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    // No inline data: URLs for small assets; everything is a file under /admin/assets/ (CSP default-src 'self').
    assetsInlineLimit: 0,
    sourcemap: false,
    // The main chunk (React, Mantine, urql) is ~510 kB minified, ~150 kB gzip; the hierarchy graph is its own chunk.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      "/graphql": api,
      "/admin/session": api,
      "/admin/logout": api,
      // OIDC sign-in: set the server's PUBLIC_URL to this dev server's address, so the IdP sends the browser back here.
      "/admin/oidc": api,
    },
  },
});
