/**
 * Acts as the Pulumi engine towards a CrossGuard policy pack: starts the pack the
 * way the CLI does and calls its Analyzer service over gRPC, with the stubs that
 * ship in `@pulumi/pulumi/proto`.
 *
 * How the CLI starts a Node.js pack (pulumi/pulumi, sdk/nodejs/cmd/pulumi-language-nodejs
 * main.go RunPlugin; pkg/resource/plugin/analyzer_plugin.go NewPolicyAnalyzer):
 * `node <@pulumi/pulumi/cmd/run-policy-pack resolved from the pack folder> <engine address> <pack folder>`,
 * working directory the pack folder; the pack prints its port on stdout. The engine then
 * calls GetAnalyzerInfo, Configure (every policy's level, reconciled with the pack's
 * config; pkg/engine/update.go), ConfigureStack, Analyze once per resource with its
 * inputs and AnalyzeStack once with every resource's outputs (pkg/resource/deploy/
 * step_generator.go analyzeAll / AnalyzeResources). Properties are marshalled with
 * KeepUnknowns and KeepSecrets (analyzer_plugin.go): an unknown value is the sentinel
 * string below, a secret is `{ <sig key>: <secret sig>, value }` (sdk/go/common/resource/plugin/rpc.go).
 *
 * The gRPC modules are loaded from the `@pulumi/pulumi` installation given, so a
 * consumer project's own copy can be used as well as this repo's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as AnalyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as Grpc from "@grpc/grpc-js";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type { EnforcementLevel } from "../../policies/model";

/** `plugin.UnknownStringValue` (rpc.go); CrossGuard's proxy throws UnknownValueError on it. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** `sig.Key` and `sig.Secret` (sdk/go/common/resource/sig/sig.go). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as the engine marshals it to an analyzer. */
export const secret = (value: unknown): Record<string, unknown> => ({ [SIG_KEY]: SECRET_SIG, value });

/** A resource as the engine holds it during a preview, properties in wire form. */
export interface EngineResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly custom: boolean;
  readonly protect?: boolean;
  /** What Analyze receives. */
  readonly inputs: Record<string, unknown>;
  /** What AnalyzeStack receives (a preview's outputs: inputs plus unknown computed values). */
  readonly outputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** One diagnostic of the pack, as the engine would show it. */
export interface Diagnostic {
  readonly pack: string;
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel | "remediate";
  /** The resource analyzed (Analyze) or the URN the stack policy named; "" for the stack. */
  readonly urn: string;
  /** The rule's own message (CrossGuard prefixes the policy description; removed here). */
  readonly message: string;
  /** CrossGuard's "can't run policy ... during preview" (an UnknownValueError in the policy). */
  readonly cannotRun: boolean;
}

export interface PackInfo {
  readonly name: string;
  readonly version: string;
  readonly policies: ReadonlyArray<{ readonly name: string; readonly enforcementLevel: EnforcementLevel | "remediate" }>;
}

export interface RunningPack {
  readonly dir: string;
  readonly info: PackInfo;
  analyze(resource: EngineResource): Promise<Diagnostic[]>;
  analyzeStack(resources: readonly EngineResource[]): Promise<Diagnostic[]>;
  /** Analyze for every resource, then AnalyzeStack, as a preview does. */
  preview(resources: readonly EngineResource[]): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder of the `@pulumi/pulumi` whose runner and stubs to use. @default resolved from the pack folder */
  readonly pulumiDir?: string;
  /** `--policy-pack-config`: level overrides by policy name. */
  readonly config?: Readonly<Record<string, EnforcementLevel>>;
  /** @default 120 s (ts-node type-checks a TypeScript pack on start, as under the CLI) */
  readonly startTimeoutMs?: number;
}

interface Modules {
  readonly grpc: typeof Grpc;
  readonly pb: typeof AnalyzerPb;
  readonly rpc: typeof AnalyzerGrpc;
  readonly struct: typeof StructPb;
  readonly empty: typeof EmptyPb;
}

function loadModules(pulumiDir: string): Modules {
  const req = createRequire(path.join(pulumiDir, "package.json"));
  return {
    grpc: req("@grpc/grpc-js") as typeof Grpc,
    pb: req("./proto/analyzer_pb") as typeof AnalyzerPb,
    rpc: req("./proto/analyzer_grpc_pb") as typeof AnalyzerGrpc,
    struct: req("google-protobuf/google/protobuf/struct_pb") as typeof StructPb,
    empty: req("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb,
  };
}

/** The CLI resolves the runner from the pack folder (locateModule in RunPlugin). */
export function pulumiDirFor(packDir: string): string {
  return path.dirname(createRequire(path.join(packDir, "index.js")).resolve("@pulumi/pulumi/package.json"));
}

const LEVELS: Record<number, EnforcementLevel | "remediate"> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_ENUM: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2 };

/** Waits for the first stdout line, the port; fails with the pack's stderr if it exits first. */
function awaitPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`policy pack did not print a port within ${timeoutMs} ms\n${err}`)), timeoutMs);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0]!;
      if (out.includes("\n") || /^\d+$/.test(line.trim())) {
        const port = Number(line.trim());
        clearTimeout(timer);
        if (Number.isInteger(port) && port > 0) resolve(port);
        else reject(new Error(`policy pack printed ${JSON.stringify(line)} instead of a port\n${err}`));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`policy pack exited with code ${code} before printing a port\n${err}`));
    });
  });
}

function unary<Req, Res>(call: (req: Req, cb: (e: Grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => call(req, (e, res) => (e ? reject(e) : resolve(res))));
}

/** Starts a pack folder as the CLI does and connects to it as the engine. */
export async function startPolicyPack(dir: string, options: StartOptions = {}): Promise<RunningPack> {
  const pulumiDir = options.pulumiDir ?? pulumiDirFor(dir);
  const m = loadModules(pulumiDir);
  const runner = path.join(pulumiDir, "cmd", "run-policy-pack");
  // The engine address is the first argument; run-policy-pack drops it (cmd/run-policy-pack/index.ts).
  const child = spawn(process.execPath, [runner, "127.0.0.1:0", dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let port: number;
  try {
    port = await awaitPort(child, options.startTimeoutMs ?? 120_000);
  } catch (e) {
    child.kill();
    throw e;
  }
  const client = new m.rpc.AnalyzerClient(`127.0.0.1:${port}`, m.grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });

  const infoRes = await unary<EmptyPb.Empty, AnalyzerPb.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new m.empty.Empty());
  const info: PackInfo = {
    name: infoRes.getName(),
    version: infoRes.getVersion(),
    policies: infoRes.getPoliciesList().map((p) => ({ name: p.getName(), enforcementLevel: LEVELS[p.getEnforcementlevel()]! })),
  };
  if (infoRes.getSupportsconfig()) {
    // Every policy with its level (the pack's own, unless the config overrides it), as the engine reconciles it.
    const req = new m.pb.ConfigureAnalyzerRequest();
    for (const p of infoRes.getPoliciesList()) {
      const c = new m.pb.PolicyConfig();
      const override = options.config?.[p.getName()];
      c.setEnforcementlevel(override !== undefined ? LEVEL_ENUM[override] as AnalyzerPb.EnforcementLevel : p.getEnforcementlevel());
      c.setProperties(m.struct.Struct.fromJavaScript({}));
      req.getPolicyconfigMap().set(p.getName(), c);
    }
    await unary(client.configure.bind(client), req);
  }
  const stack = new m.pb.AnalyzerStackConfigureRequest();
  stack.setStack("prod");
  stack.setProject("paved");
  stack.setDryRun(true);
  await unary(client.configureStack.bind(client), stack);

  const options_ = (r: EngineResource): AnalyzerPb.AnalyzerResourceOptions => {
    const o = new m.pb.AnalyzerResourceOptions();
    o.setProtect(r.protect ?? false);
    if (r.parent) o.setParent(r.parent);
    return o;
  };
  const struct = (props: Record<string, unknown>): StructPb.Struct =>
    m.struct.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, StructPb.JavaScriptValue>);
  const diagnostics = (res: AnalyzerPb.AnalyzeResponse, analyzed: string): Diagnostic[] =>
    res.getDiagnosticsList().map((d) => {
      const description = d.getDescription();
      const raw = d.getMessage();
      const message = description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw;
      return {
        pack: d.getPolicypackname(),
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()]!,
        urn: d.getUrn() || analyzed,
        message,
        cannotRun: raw.startsWith("can't run "),
      };
    });

  const analyze = async (r: EngineResource): Promise<Diagnostic[]> => {
    const req = new m.pb.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(struct(r.inputs));
    req.setOptions(options_(r));
    return diagnostics(await unary(client.analyze.bind(client), req), r.urn);
  };
  const analyzeStack = async (resources: readonly EngineResource[]): Promise<Diagnostic[]> => {
    const req = new m.pb.AnalyzeStackRequest();
    req.setResourcesList(resources.map((r) => {
      const a = new m.pb.AnalyzerResource();
      a.setUrn(r.urn);
      a.setType(r.type);
      a.setName(r.name);
      a.setProperties(struct(r.outputs));
      a.setOptions(options_(r));
      if (r.parent) a.setParent(r.parent);
      a.setDependenciesList([...r.dependencies]);
      for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        // The engine skips properties without dependencies (analyzer_plugin.go AnalyzeStack).
        if (urns.length === 0) continue;
        const deps = new m.pb.AnalyzerPropertyDependencies();
        deps.setUrnsList([...urns]);
        a.getPropertydependenciesMap().set(k, deps);
      }
      return a;
    }));
    return diagnostics(await unary(client.analyzeStack.bind(client), req), "");
  };

  return {
    dir,
    info,
    analyze,
    analyzeStack,
    async preview(resources) {
      const perResource = await Promise.all(resources.map(analyze));
      return [...perResource.flat(), ...(await analyzeStack(resources))];
    },
    async stop() {
      client.close();
      if (child.exitCode === null) child.kill();
      await exited;
      if (/Error|error:/.test(stderr) && process.env.PAVED_ANALYZER_DEBUG) process.stderr.write(stderr);
    },
  };
}

/**
 * The same resources as a `pulumi stack export` document with `--show-secrets`,
 * which `paved check --state` reads: secrets carry their plaintext as JSON text.
 */
export function asStackExport(resources: readonly EngineResource[]): { version: 3; deployment: { resources: unknown[] } } {
  const exportValue = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(exportValue);
    if (v === null || typeof v !== "object") return v;
    const obj = v as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(obj.value) };
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, exportValue(x)]));
  };
  return {
    version: 3,
    deployment: {
      resources: resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        custom: r.custom,
        parent: r.parent,
        protect: r.protect ?? false,
        inputs: exportValue(r.inputs),
        outputs: exportValue(r.outputs),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
      })),
    },
  };
}
