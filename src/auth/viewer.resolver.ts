import { Ctx, Field, ObjectType, Query, registerEnumType, Resolver } from "type-graphql";
import type { Actor } from "../common/context";
import type { RequestContext } from "../context/request-context";

/** The credential a request came with. */
export enum CredentialKind {
  TOKEN = "TOKEN",
  SESSION = "SESSION",
  API_KEY = "API_KEY",
}

registerEnumType(CredentialKind, {
  name: "CredentialKind",
  description: "TOKEN: a bearer token; SESSION: the admin console's session cookie (from a login link); API_KEY: the login-hook API key.",
});

/** Who the caller is, as its credential says (docs/design.md §11: the console reads its scopes here). */
@ObjectType()
export class Viewer {
  @Field({ description: "The token's `sub`, the login link's subject, or `api-key`: the actor the audit log records." })
  subject: string;

  @Field(() => [String], { description: "The scopes the credential carries, sorted." })
  scopes: string[];

  @Field(() => CredentialKind)
  via: CredentialKind;

  @Field(() => Date, { nullable: true, description: "When the credential stops being accepted: the token's `exp`, the session's end; null for the API key." })
  expiresAt: Date | null;
}

const VIA: Partial<Record<Actor["kind"], CredentialKind>> = { token: CredentialKind.TOKEN, session: CredentialKind.SESSION, apikey: CredentialKind.API_KEY };

@Resolver()
export class ViewerResolver {
  /** Needs no scope: any credential may ask who it is (the API key too: see API_KEY_OPERATIONS). */
  @Query(() => Viewer, { description: "The caller: subject, scopes, how it authenticated and until when. Needs no scope." })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const { actor } = ctx;
    const via = VIA[actor.kind];
    // Anonymous requests reach no field but introspection; this is a guard, not a path.
    if (!via) throw new Error(`viewer: no credential kind for actor ${actor.kind}`);
    return { subject: actor.subject, scopes: [...actor.scopes].sort(), via, expiresAt: actor.expiresAt ?? null };
  }
}
