import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./helpers/project";

/** Every .ts file under `dir` (relative to the repo), tests excluded. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(REPO, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts")) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** The repo-relative targets of a file's relative imports and re-exports. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(REPO, file), "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)|require\("(\.[^"]+)"\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((s) => path.normalize(path.join(path.dirname(file), s)));
}

const top = (p: string): string => p.split(path.sep)[0]!;
/** The package entries (which re-export the public API) and the CLI sit on top of everything. */
const ON_TOP = (f: string): boolean => f === path.join("src", "index.ts") || f === path.join("src", "eks.ts") || f === path.join("src", "testing", "index.ts") || f.startsWith(path.join("src", "cli") + path.sep);

describe("layers import only downwards", () => {
  test("the kernel (src/) imports nothing from components/, policies/ or stacks/ (entries and CLI excepted)", () => {
    const offenders = sources("src").filter((f) => !ON_TOP(f))
      .flatMap((f) => importsOf(f).filter((i) => ["components", "policies", "stacks"].includes(top(i))).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  test("a component imports the kernel and its own folder only, never another component", () => {
    const offenders = sources("components").flatMap((f) => {
      const own = f.split(path.sep).slice(0, 2).join(path.sep);
      return importsOf(f).filter((i) => !(top(i) === "src" || i.startsWith(own + path.sep))).map((i) => `${f} → ${i}`);
    });
    expect(offenders).toEqual([]);
  });

  test("the policies are a leaf over the kernel: no component or stack is imported", () => {
    const offenders = sources("policies").flatMap((f) => importsOf(f).filter((i) => ["components", "stacks"].includes(top(i))).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  test("the stacks compose components over the kernel, without the CLI or the packs", () => {
    const offenders = sources("stacks").flatMap((f) => importsOf(f)
      .filter((i) => top(i) === "policies" || i.startsWith(path.join("src", "cli"))).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  test("the engine (src/plan) holds no policy model: no rule, pack or violation type lives there", () => {
    const text = sources(path.join("src", "plan")).map((f) => fs.readFileSync(path.join(REPO, f), "utf8")).join("\n");
    expect(text).not.toMatch(/interface (Violation|RulePack|ResourceRule|StackRule)\b|evaluatePacks/);
  });
});
