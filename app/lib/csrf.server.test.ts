import { describe, expect, test } from "vitest";
import { isCrossOriginMutation } from "~/lib/csrf.server";

const appOrigin = "https://bitgoeul.example";

describe("isCrossOriginMutation", () => {
  test.each(["GET", "HEAD", "get"])("lets a %s through without an Origin header", (method) => {
    expect(isCrossOriginMutation({ method, origin: null, appOrigin })).toBe(false);
    expect(isCrossOriginMutation({ method, origin: undefined, appOrigin })).toBe(false);
  });

  test("lets a GET through even from another origin, since it changes nothing", () => {
    expect(isCrossOriginMutation({ method: "GET", origin: "https://evil.example", appOrigin })).toBe(false);
  });

  test.each(["POST", "PUT", "PATCH", "DELETE", "post"])("refuses a %s without an Origin header", (method) => {
    expect(isCrossOriginMutation({ method, origin: null, appOrigin })).toBe(true);
    expect(isCrossOriginMutation({ method, origin: undefined, appOrigin })).toBe(true);
    expect(isCrossOriginMutation({ method, origin: "", appOrigin })).toBe(true);
  });

  test.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a %s from another origin", (method) => {
    for (const origin of [
      "https://evil.example",
      "http://bitgoeul.example",
      "https://bitgoeul.example:8443",
      "https://sub.bitgoeul.example",
      "null",
    ]) {
      expect(isCrossOriginMutation({ method, origin, appOrigin }), origin).toBe(true);
    }
  });

  test.each(["POST", "PUT", "PATCH", "DELETE"])("allows a %s from the app's own origin", (method) => {
    expect(isCrossOriginMutation({ method, origin: appOrigin, appOrigin })).toBe(false);
  });
});
