import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

/** Ceiling 2: Apollo Server 5 standalone with one trivial resolver returning constants. */
const typeDefs = `
  scalar JSON
  type Context { groups: [String!]! roles: [String!]! permissions: [String!]! claims: JSON! accessGranted: Boolean! }
  type Query { authorizationContext(userId: ID!, clientId: ID!, connection: String, connectionGroups: [String!]): Context! }
`;
// The same document the Gatehouse run sends is valid here; the resolver returns constants.
const resolvers = {
  Query: { authorizationContext: () => ({ groups: ["A"], roles: ["R"], permissions: ["p"], claims: {}, accessGranted: true }) },
};

void (async () => {
  const server = new ApolloServer({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  process.stdout.write(`${new URL(url).port}\n`);
})();
