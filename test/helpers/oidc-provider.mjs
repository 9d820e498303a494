// A real OpenID Provider for the console's OIDC sign-in tests (test/admin-oidc.test.ts):
// oidc-provider (ESM, koa-based; run as its own Node process so that jest need not load it) on
// 127.0.0.1, a free port, with the fixed test key of test/fixtures/oidc-provider-jwks.json.
//
// Protocol on stdio, one JSON object per line:
//   → stdout {"issuer": "http://127.0.0.1:<port>"}   as soon as the port is bound
//   ← stdin  {"redirectUris": ["<gatehouse>/admin/oidc/callback"]}   (the test starts Gatehouse in between)
//   → stdout {"ready": true}                          the provider answers from now on
//
// Interaction (login and consent) is a minimal custom one: GET /interaction/<uid>?user=<id>
// signs in as account <id> and grants what the client asked for, in one step; without ?user= it
// is a form asking for the account (for a browser).
//
// Clients: "gatehouse" (confidential, client_secret_post, secret "gatehouse-test-secret") and
// "gatehouse-public" (public, PKCE only).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import Provider from "oidc-provider";

const jwks = JSON.parse(readFileSync(new URL("../fixtures/oidc-provider-jwks.json", import.meta.url), "utf8"));

/** The accounts and the claims the IdP asserts for them. */
const ACCOUNTS = {
  ada: { email: "ada@example.com", groups: ["staff", "gatehouse-admins"] },
  bob: { email: "bob@example.com", groups: ["staff"], gatehouse_scopes: "read:groups read:users not:a-scope" },
  carol: { email: "carol@example.com", gatehouse_scopes: ["read:audit", "export:data"] },
  eve: { email: "eve@example.com", groups: ["staff"] },
};

let provider;
const server = createServer((req, res) => {
  if (!provider) {
    res.writeHead(503).end("not ready");
    return;
  }
  const url = new URL(req.url, "http://idp.local");
  const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
  if (interaction) {
    finishInteraction(req, res, url.searchParams.get("user")).catch((error) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error?.stack ?? error));
    });
    return;
  }
  provider.callback()(req, res);
});

async function finishInteraction(req, res, user) {
  const details = await provider.interactionDetails(req, res);
  if (!user || !ACCOUNTS[user]) {
    // A browser (the console's browser test) types the account's name here.
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(
        `<!doctype html><html lang="en"><head><title>Test IdP</title></head><body><main><h1>Test IdP</h1>` +
          `<form method="get"><label>User <input name="user"></label> <button>Continue</button></form>` +
          `<p>Accounts: ${Object.keys(ACCOUNTS).join(", ")} (interaction ${details.uid})</p></main></body></html>`,
      );
    return;
  }
  const grant = new provider.Grant({ accountId: user, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: user }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.once("line", (line) => {
    const { redirectUris } = JSON.parse(line);
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: "gatehouse",
          client_secret: "gatehouse-test-secret",
          redirect_uris: redirectUris,
          grant_types: ["authorization_code"],
          response_types: ["code"],
          token_endpoint_auth_method: "client_secret_post",
        },
        { client_id: "gatehouse-public", redirect_uris: redirectUris, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "none" },
      ],
      jwks,
      cookies: { keys: ["gatehouse-test-cookie-key"] },
      claims: { openid: ["sub", "gatehouse_scopes"], email: ["email"], groups: ["groups"], profile: ["name"] },
      scopes: ["openid", "email", "groups", "profile"],
      findAccount: async (_ctx, id) => (ACCOUNTS[id] ? { accountId: id, claims: async () => ({ sub: id, ...ACCOUNTS[id] }) } : undefined),
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      pkce: { required: () => true },
    });
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  });
});
