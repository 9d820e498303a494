import { setFlagsFromString } from "node:v8";
import { useDictionaryProperties } from "./gc-tuning";

// V8's own test of an object's representation; natives syntax is read when a function is compiled.
setFlagsFromString("--allow-natives-syntax");
const hasFastProperties = new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;

describe("useDictionaryProperties", () => {
  it("turns a fast-mode object's properties into a dictionary, keeping every property and value", () => {
    const nested = { kept: true };
    const object = { logger: "l", schema: nested, request: undefined, metrics: 0 };
    expect(hasFastProperties(object)).toBe(true);

    useDictionaryProperties(object);

    expect(hasFastProperties(object)).toBe(false);
    expect(object).toEqual({ logger: "l", schema: nested, request: undefined, metrics: 0 });
    expect(object.schema).toBe(nested);
    expect(Object.keys(object).sort()).toEqual(["logger", "metrics", "request", "schema"]);
  });

  it("leaves an object without properties as it is", () => {
    const object = {};
    useDictionaryProperties(object);
    expect(object).toEqual({});
  });
});
