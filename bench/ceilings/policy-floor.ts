import "reflect-metadata";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import pino from "pino";
import { loginAt } from "../../src/authorization/model-cache";
import { POLICY_ROUTE } from "../../src/server/routes/policy";
import { createApp } from "../../src/server/app";
import { loadConfig } from "../../src/server/config";
import { tuneGcForServing } from "../../src/server/gc-tuning";

/**
 * Reference 3, for the REST route only: the essential work of a policy login and nothing else.
 * A bare node:http server that reads the body, takes the user's rows and the model from the same
 * model cache (one statement proving it fresh), runs the same engine and sends the same JSON —
 * without authentication, request ids, metrics, the access log, error handling or fair dispatch.
 * Gatehouse's REST figure beside it is what everything a real server does costs on top.
 * Only well-formed requests of the benchmark's rotation are expected.
 */
void (async () => {
  tuneGcForServing();
  const app = await createApp(loadConfig(process.env), pino({ level: "warn" }));
  const cache = app.services.authorization.cache;
  await cache.warm();
  const answer = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const [, user, client] = POLICY_ROUTE.exec(req.url ?? "") as RegExpExecArray;
    const body = JSON.parse(raw) as { connectionName: string; groups: string[] };
    const request = { userId: decodeURIComponent(user), clientId: decodeURIComponent(client), connection: body.connectionName, connectionGroups: body.groups };
    const found = await cache.checkFor(request.userId);
    if (!found.model || !found.rows) throw new Error("the model cache is not current (the floor server expects an unchanging database)");
    const { result, validUntil } = loginAt(found.model, request, found.rows, Date.now());
    const text = JSON.stringify({
      groups: result.groups,
      roles: result.roles,
      permissions: result.permissions,
      validUntil: validUntil === null ? null : new Date(validUntil).toISOString(),
    });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => void answer(req, res, raw));
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
})();
