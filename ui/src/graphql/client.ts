/**
 * The console's one GraphQL client: urql over POST /graphql of this origin, the session cookie
 * (HttpOnly, SameSite=Strict) sent by the browser. `preferGetMethod: false` because Apollo's
 * CSRF prevention refuses GET queries without a preflight header. An UNAUTHENTICATED answer
 * (expired or ended session) sends the admin to the sign-in page.
 */
import { cacheExchange, Client, fetchExchange, mapExchange } from "@urql/core";
import { isUnauthenticated } from "./errors";

export function createGatehouseClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin" },
    requestPolicy: "cache-and-network",
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
