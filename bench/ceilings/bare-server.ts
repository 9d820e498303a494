import { createServer } from "node:http";
import { AddressInfo } from "node:net";

/** Ceiling 1: a bare node:http server answering a fixed JSON body (what HTTP alone costs here). */
const body = JSON.stringify({ data: { authorizationContext: { groups: ["A"], roles: ["R"], permissions: ["p"] } } });
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
