import * as fs from "node:fs";
import * as path from "node:path";

/** The installed package's version: the nearest package.json named "paved" above this file (src/ or dist/src/). */
export function pavedVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "paved" && typeof pkg.version === "string") return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of paved above ${from}`);
  }
}
