import { assertComponentAws, COMPONENT_AWS_MAJOR } from "../src/aws/provider-version";
import { isUserError } from "../src/errors";

describe("components and the @pulumi/aws major they are written for", () => {
  test("the installed provider is the one the components target", () => {
    const installed = (require("@pulumi/aws/package.json") as { version: string }).version;
    expect(Number(installed.split(".")[0])).toBe(COMPONENT_AWS_MAJOR);
    expect(() => assertComponentAws("Vpc", "core")).not.toThrow();
  });

  test("on @pulumi/aws 6 a component refuses to build, naming itself and the fix", () => {
    let error: unknown;
    try {
      assertComponentAws("Vpc", "core", "6.83.0");
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe('Vpc "core": Paved\'s components need @pulumi/aws 7.x; this program has @pulumi/aws 6.83.0. ' +
      "Upgrade it (npm install @pulumi/aws@7), or use only paved plan / paved check / paved/policies, which work with 6.x too.");
    expect(() => assertComponentAws("Vpc", "core", "8.0.0")).toThrow(/need @pulumi\/aws 7\.x/);
  });
});
