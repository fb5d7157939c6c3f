import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkInt, issue, show } from "../src/issues";
import {
  bool, checked, describeZodIssues, input, int, list, map, num, object, oneOf, oneOfNumbers, overlay, pathText, positive, resolveSettings, schemaAt, str, text,
  type SettingsSpec,
} from "../src/settings";
import { validateCommon } from "../src/validate-common";

/**
 * The words every validation message is made of: "found X; allowed Y", from the schema vocabulary
 * through zod's issues to the message a user reads, and the checks every component shares.
 */

/** The messages a schema gives for a value, as "path: message". */
const said = (schema: z.ZodType, raw: unknown): string[] => {
  const r = schema.safeParse(raw);
  return r.success ? [] : describeZodIssues(schema, raw, r.error.issues).map((i) => `${i.path}: ${i.message}`);
};

describe("show: a found value as every message prints it", () => {
  test("strings quoted and cut past 100 characters, other values as JSON cut past 60, the rest in words", () => {
    expect(show(undefined)).toBe("nothing");
    expect(show("abc")).toBe('"abc"');
    expect(show("x".repeat(100))).toBe(JSON.stringify("x".repeat(100)));
    expect(show("x".repeat(101))).toBe(JSON.stringify(`${"x".repeat(97)}...`));
    expect(show([1, 2])).toBe("[1,2]");
    const sixty = { k: "y".repeat(52) }; // {"k":"…"} is 60 characters
    expect(show(sixty)).toBe(JSON.stringify(sixty));
    expect(show({ k: "y".repeat(53) })).toBe(`${JSON.stringify({ k: "y".repeat(53) }).slice(0, 57)}...`);
    expect([show(Infinity), show(-Infinity), show(NaN), show(null), show(3)]).toEqual(["Infinity", "-Infinity", "NaN", "null", "3"]);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(show(circular)).toBe("[object Object]");
  });

  test("issue and checkInt: the path, what was found, what is allowed; an integer range inclusive at both ends", () => {
    expect(issue("a.b", 7, "one of 1, 2")).toEqual({ path: "a.b", message: "found 7; allowed one of 1, 2" });
    expect([checkInt("n", undefined, 1, 3), checkInt("n", 1, 1, 3), checkInt("n", 3, 1, 3)]).toEqual([[], [], []]);
    for (const v of [0, 4, 1.5]) expect(checkInt("n", v, 1, 3)).toEqual([{ path: "n", message: `found ${v}; allowed an integer 1–3` }]);
  });
});

describe("the schema vocabulary says what is allowed in the user's words", () => {
  test.each([
    ["int", int(1, 5), 0, "an integer 1–5"], ["int", int(1, 5), 6, "an integer 1–5"], ["int", int(1, 5), 2.5, "an integer 1–5"], ["int", int(1, 5), "2", "an integer 1–5"],
    ["num with max", num(0, 1), 1.5, "a number 0–1"], ["num without max", num(2), 1, "a number ≥ 2"], ["num with words", num(0, 1, "a fraction"), -1, "a fraction"],
    ["positive", positive(), 0, "a positive amount"], ["positive with words", positive("GiB above 0"), -1, "GiB above 0"],
    ["bool", bool(), "yes", "true or false"],
    ["oneOf", oneOf(["a", "b"]), "c", '"a" | "b"'],
    ["oneOfNumbers", oneOfNumbers([1, 3]), 2, "one of 1, 3"],
    ["text", text(/^x+$/, "only x"), "xy", "only x"], ["text", text(/^x+$/, "only x"), 1, "only x"],
    ["checked", checked((v) => v.startsWith("10."), "a 10.x address"), "192.168.0.1", "a 10.x address"],
    ["str", str(), "", "a non-empty string"], ["str with words", str("a name"), 5, "a name"],
    ["list", list(str(), "a list of names"), "a", "a list of names"],
    ["map", map(str(), "a map of names"), [], "a map of names"],
    ["object", object({ a: str().optional(), b: str().optional() }), 3, "a map with the keys a, b"], ["object with words", object({ a: str() }, "the a settings"), 3, "the a settings"],
  ] as const)("%s: %j is refused with \"%s\"", (_name, schema, value, allowed) => {
    expect(said(schema, value)).toEqual([`: found ${show(value)}; allowed ${allowed}`]);
  });

  test("values inside the bounds are accepted", () => {
    expect([int(1, 5).safeParse(1).success, int(1, 5).safeParse(5).success, num(0, 1).safeParse(1).success, num(2).safeParse(1e9).success, positive().safeParse(0.1).success]).toEqual([true, true, true, true, true]);
    expect([oneOfNumbers([1, 3]).safeParse(3).success, checked((v) => v.startsWith("10."), "").safeParse("10.0.0.1").success]).toEqual([true, true]);
  });

  test("oneOfNumbers states its values in the JSON Schema too", () => {
    expect(z.toJSONSchema(oneOfNumbers([1, 3]))).toMatchObject({ type: "number", enum: [1, 3] });
  });

  test("input: a plain string checked, an Output or a Promise taken as it is, anything else refused with the plain words", () => {
    const s = input(text(/^arn:/, "an ARN"));
    expect(s.safeParse("arn:aws:x").success).toBe(true);
    expect(s.safeParse(pulumi.output("anything")).success).toBe(true);
    expect(s.safeParse(Promise.resolve("anything")).success).toBe(true);
    expect(said(s, "arn-less")).toEqual([': found "arn-less"; allowed an ARN']);
    expect(said(s, 5)).toEqual([": found 5; allowed a string or a Pulumi output"]);
    expect(said(input(z.string().describe("a role name")), 5)).toEqual([": found 5; allowed a role name"]);
  });
});

describe("describeZodIssues: from zod's issues to found X; allowed Y", () => {
  const schema = object({ name: str(), size: int(1, 3).optional(), nested: object({ port: int(1, 65535).optional(), mode: oneOf(["a", "b"]).optional() }).optional() });

  test("a missing value is nothing (required); paths are a.b[0].c; unknown keys name the keys allowed and the nearest", () => {
    expect(said(schema, { size: 9, nested: { prot: 1, mode: "c" }, extra: 1 })).toEqual([
      "name: found nothing (required); allowed a non-empty string",
      "size: found 9; allowed an integer 1–3",
      'nested.mode: found "c"; allowed "a" | "b"',
      'nested.prot: unknown key (did you mean "port"?); allowed keys: port, mode',
      "extra: unknown key; allowed keys: name, size, nested",
    ]);
    expect(said(object({}), { x: 1 })).toEqual(["x: unknown key; no keys are allowed here"]);
    expect(pathText(["a", "b", 0, "c", 1])).toBe("a.b[0].c[1]");
    expect(pathText([0, "a"])).toBe("[0].a");
    expect(pathText([])).toBe("");
  });

  test("zod's own wording is replaced by the allowed values in words, for each kind of issue", () => {
    expect(said(z.object({ a: z.number(), b: z.number().int(), e: z.array(z.string()) }), { a: "x", b: 1.5, e: "y" })).toEqual([
      'a: found "x"; allowed a number', "b: found 1.5; allowed an integer", 'e: found "y"; allowed an array',
    ]);
    expect(said(z.enum(["p", "q"]), "r")).toEqual([': found "r"; allowed "p" | "q"']);
    expect(said(z.string().min(1), "")).toEqual([': found ""; allowed a non-empty string']);
    expect(said(z.string().min(3), "ab")).toEqual([': found "ab"; allowed at least 3 characters']);
    expect(said(z.string().max(2), "abc")).toEqual([': found "abc"; allowed at most 2 characters']);
    expect(said(z.array(z.number()).min(2), [1])).toEqual([": found [1]; allowed at least 2 items"]);
    expect(said(z.array(z.number()).max(1), [1, 2])).toEqual([": found [1,2]; allowed at most 1 items"]);
    expect(said(z.number().min(5), 1)).toEqual([": found 1; allowed at least 5"]);
    expect(said(z.number().max(5), 9)).toEqual([": found 9; allowed at most 5"]);
    expect(said(z.email(), "nope")).toEqual([': found "nope"; allowed a value in the email format']);
    expect(said(z.number().multipleOf(5), 3)).toEqual([": found 3; allowed a value of the documented form"]);
  });

  test("a value wrong in several ways is reported once", () => {
    const twice = z.string().regex(/^a/, { error: "starting with a" }).regex(/^a/, { error: "starting with a" });
    expect(said(twice, "b")).toEqual([': found "b"; allowed starting with a']);
  });

  test("an unknown key inside a union is named with the keys of the option it was meant for (the one its literal picks)", () => {
    const u = z.object({ target: z.discriminatedUnion("kind", [
      object({ kind: z.literal("alb"), port: int(1, 65535) }),
      object({ kind: z.literal("nlb"), listener: int(1, 65535).optional() }),
    ]) });
    expect(said(u, { target: { kind: "nlb", listner: 80 } })).toEqual(['target.listner: unknown key (did you mean "listener"?); allowed keys: kind, listener']);
    expect(schemaAt(u, ["target", "port"], { target: { kind: "alb" } })).toBeInstanceOf(z.ZodNumber);
    expect(schemaAt(u, ["target", "port"], { target: { kind: "nlb" } })).toBeUndefined();
    // Without a literal, the option that has one of the value's keys.
    const plain = z.union([object({ a: str() }), object({ b: str() })]);
    expect(schemaAt(plain, ["b"], { b: "x" })).toBeInstanceOf(z.ZodString);
    expect(schemaAt(z.object({ m: map(z.object({ l: list(int(1, 2), "") }), "") }), ["m", "any", "l", 0])).toBeInstanceOf(z.ZodNumber);
    expect(schemaAt(z.object({ s: str() }), ["s", "deeper"])).toBeUndefined();
  });
});

describe("overlay: the preset under what was given", () => {
  test("nested maps merge key by key; lists, scalars and class instances replace; undefined never hides the preset", () => {
    class Box { constructor(readonly v: number) {} }
    const preset = { a: 1, m: { x: 1, y: 2 }, l: [1, 2], b: new Box(1), keep: "k" };
    expect(overlay(preset, { a: 2, m: { y: 3, z: 4 }, l: [9], b: new Box(2), keep: undefined })).toEqual({ a: 2, m: { x: 1, y: 3, z: 4 }, l: [9], b: new Box(2), keep: "k" });
    expect(overlay(preset, undefined)).toBe(preset);
    expect(overlay(1, 2)).toBe(2);
    expect(overlay({ a: 1 }, null)).toBeNull();
    expect(preset.m).toEqual({ x: 1, y: 2 }); // the preset itself is not changed
  });
});

describe("resolveSettings", () => {
  type S = { size: number; tier: string; total: number };
  const spec: SettingsSpec<z.ZodObject, S> = {
    component: "Thing",
    schema: object({ size: int(1, 10).optional(), tier: oneOf(["s", "m"]).optional() }),
    presets: { dev: { size: 1, tier: "s", total: 0 }, staging: { size: 2, tier: "s", total: 0 }, prod: { size: 3, tier: "m", total: 0 } },
    derive: (m) => ({ ...m, total: m.size * 10 }),
    rules: (s, env) => (env === "prod" && s.tier === "s" ? [issue("tier", s.tier, "\"m\" in prod")] : []),
  };

  test("the preset of the environment, overridden by the schema's keys only, derived, then the rules", () => {
    expect(resolveSettings(spec, "staging", { size: 4, network: {} })).toEqual({ ok: true, settings: { size: 4, tier: "s", total: 40 }, issues: [] });
    expect(resolveSettings(spec, "prod", undefined)).toEqual({ ok: true, settings: { size: 3, tier: "m", total: 30 }, issues: [] });
    expect(resolveSettings(spec, "prod", { tier: "s" })).toEqual({ ok: false, issues: [{ path: "tier", message: 'found "s"; allowed "m" in prod' }] });
  });

  test("a bad environment and bad values are reported together; no rule runs on them", () => {
    expect(resolveSettings(spec, "qa", { size: 11 })).toEqual({ ok: false, issues: [
      { path: "environment", message: 'found "qa"; allowed dev | staging | prod' },
      { path: "size", message: "found 11; allowed an integer 1–10" },
    ] });
    expect(resolveSettings(spec, "qa", {})).toEqual({ ok: false, issues: [{ path: "environment", message: 'found "qa"; allowed dev | staging | prod' }] });
    expect(resolveSettings(spec, "dev", { size: 0 }).ok).toBe(false);
  });
});

describe("validateCommon: environment, service and tags of every component", () => {
  const ok = { environment: "dev" };
  const msgs = (args: Parameters<typeof validateCommon>[0]) => validateCommon(args).map((i) => `${i.path}: ${i.message}`);

  test("the environment is one of three", () => {
    expect(msgs(ok)).toEqual([]);
    expect(msgs({ environment: "qa" })).toEqual(['environment: found "qa"; allowed dev | staging | prod']);
    expect(msgs({})).toEqual(["environment: found nothing; allowed dev | staging | prod"]);
  });

  test("a service is 1–63 letters, digits, '.', '_' or '-', starting with a letter or digit", () => {
    for (const service of ["a", "A1.b_c-d", "x".repeat(63)]) expect(msgs({ ...ok, service })).toEqual([]);
    for (const service of ["", "-a", "a b", "x".repeat(64), 5]) expect(msgs({ ...ok, service })).toEqual([`service: found ${show(service)}; allowed 1–63 letters, digits, '.', '_' or '-'`]);
  });

  test("tags: a map; at most 45 (Paved adds up to 5 of AWS's 50); keys of 1–128 characters not starting with aws:, values strings of at most 256", () => {
    const n = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]));
    expect(msgs({ ...ok, tags: n(45) })).toEqual([]);
    expect(msgs({ ...ok, tags: n(46) })).toEqual(['tags: found "46 tags"; allowed at most 45 (AWS allows 50; Paved adds up to 5)']);
    for (const tags of [[], null, "a=b"]) expect(msgs({ ...ok, tags })).toEqual([`tags: found ${show(tags)}; allowed a map of tag names to string values`]);
    expect(msgs({ ...ok, tags: { ["k".repeat(128)]: "v".repeat(256), "": "" } })).toEqual(['tags.: found ""; allowed a key of 1–128 characters not starting with "aws:"']);
    expect(msgs({ ...ok, tags: { ["k".repeat(129)]: "v" } })).toEqual([`tags.${"k".repeat(129)}: found ${show("k".repeat(129))}; allowed a key of 1–128 characters not starting with "aws:"`]);
    expect(msgs({ ...ok, tags: { "AWS:x": "v", a: "v".repeat(257), b: 3 as unknown as string } })).toEqual([
      'tags.AWS:x: found "AWS:x"; allowed a key of 1–128 characters not starting with "aws:"',
      `tags.a: found ${show("v".repeat(257))}; allowed a string of at most 256 characters`,
      "tags.b: found 3; allowed a string of at most 256 characters",
    ]);
  });
});
