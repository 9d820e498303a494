import { ArgsType, ClassType, Field, ObjectType } from "type-graphql";
import type { WindowInput } from "./grant-window";

/**
 * Adds the optional window of a time-bound grant (docs/design.md §13) to the arguments of an
 * `add…` mutation. Checked by `windowOf` against the request's time (it needs "now").
 */
export function Windowed<T extends ClassType>(Base: T) {
  @ArgsType()
  class WindowedArgs extends Base implements WindowInput {
    @Field(() => Date, { nullable: true, description: "The grant counts from this instant (ISO 8601); absent: at once. A past instant is accepted." })
    validFrom?: Date | null;

    @Field(() => Date, {
      nullable: true,
      description:
        "The grant counts until just before this instant (ISO 8601), which must be later than validFrom and than now; absent: for ever. Adding an existing grant again sets its window to the given values.",
    })
    expiresAt?: Date | null;
  }
  return WindowedArgs;
}

/**
 * The window fields of a listed grant (docs/design.md §13) — `validFrom`, `expiresAt` and
 * `active` at the request's time — for the object types that list grants; `grant` names it in
 * the descriptions ("membership", "assignment").
 */
export function WindowFields(grant: string, activeDescription = `Whether the ${grant} counts at the request's time: validFrom <= now < expiresAt.`) {
  @ObjectType()
  abstract class GrantWindowFields {
    @Field(() => Date, { nullable: true, description: `The ${grant} counts from this instant; null: unbounded.` })
    validFrom: Date | null;

    @Field(() => Date, { nullable: true, description: `The ${grant} counts until just before this instant; null: unbounded.` })
    expiresAt: Date | null;

    @Field({ description: activeDescription })
    active: boolean;
  }
  return GrantWindowFields;
}
