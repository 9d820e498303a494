#!/usr/bin/env node
// Entry point of `npx gatehouse`; the compiled CLI lives in dist/ (run `npm run build` first).
require("../dist/src/cli/main.js").main(process.argv);
