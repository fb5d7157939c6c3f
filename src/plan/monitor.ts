import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { createRequire } from "node:module";
import { ProgramError, UserError } from "../errors";
import { previewResult } from "./mock-resources";
import { opaqueReason, type OpaqueEntry } from "./opaque";
import type { PlanMode } from "./plan";
import { maskKeys, reveal, SECRET, sanitize } from "./sanitize";
import type { RecordedResource, RevealedInputs } from "./types";
import type { UserMocks } from "./user-mocks";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
// The Struct class must come from the copy of google-protobuf that @pulumi/pulumi uses.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const { Struct: PbStruct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(o: unknown): never };
};

/** The subset of the protobuf Struct wrapper we read. */
interface Struct {
  toJavaScript(): Record<string, unknown>;
}
/** The getters of RegisterResourceRequest that the recorder reads (see proto/resource_pb). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProvider(): string;
  getImportid(): string;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getAliasesList(): AliasMessage[];
  getRemote(): boolean;
  getTransformsList(): { getToken(): string }[];
  getAliasurnsList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
interface AliasMessage {
  getUrn(): string;
  getSpec(): AliasSpecMessage | undefined;
}
interface AliasSpecMessage {
  getName(): string;
  getType(): string;
  getStack(): string;
  getProject(): string;
  getParenturn(): string;
  getNoparent(): boolean;
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getId(): string;
  getProvider(): string;
  getProperties(): Struct | undefined;
  getDependenciesList(): string[];
}
type Callback = (err: unknown, response: unknown) => void;

/** Everything about a registration except what the mock provider answers. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  readonly provider: string | undefined;
  /** Deserialized inputs, as the SDK's mocks receive them. */
  readonly inputs: Record<string, unknown>;
}

export type MockProvider = (r: Registration) => { id: string | undefined; state: Record<string, unknown> };

export interface RecordingMonitorOptions {
  readonly mocks: Mocks;
  readonly stack: string;
  readonly project: string;
  readonly mode: PlanMode;
  readonly userMocks: UserMocks;
  readonly provide: MockProvider;
  /** Where errors go: thrown back into the runtime they would surface as unhandled rejections. */
  readonly failures: unknown[];
  readonly onRegister?: (count: number) => void;
}

/** A Pulumi transform as the SDK hands it to the mock monitor (`registerResourceTransform`, the `transforms` option). */
type Transform = (args: { type: string; name: string; custom: boolean; props: Record<string, unknown>; opts: Record<string, unknown> }) =>
  Promise<{ props: Record<string, unknown>; opts?: Record<string, unknown> } | undefined> | { props: Record<string, unknown> } | undefined;

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const UNKNOWN_SENTINEL = pulumi.runtime.unknownValue as string;

/** Like deserializeProperties, from the Struct already converted to JS (converting twice costs a plan ~10%). */
function deserializeRaw(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = pulumi.runtime.deserializeProperty(v);
  return out;
}

function deserialize(struct: Struct | undefined): Record<string, unknown> {
  // deserializeProperties is typed for the generated Struct class; ours is the same object.
  return struct ? pulumi.runtime.deserializeProperties(struct as never) as Record<string, unknown> : {};
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) out[key] = [...new Set(urns)];
  });
  return out;
}

/** The qualified type part of a URN (`parentType$childType`). */
export function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/**
 * A resource monitor that answers like Pulumi's mock monitor but keeps the
 * whole registration (parent, dependencies, options, aliases), and builds URNs
 * exactly as the engine does: the full parent type chain, without the root
 * stack's type.
 */
export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  /** Inputs with secrets revealed, for policy evaluation only (never in the plan), by URN. */
  readonly secretInputs = new Map<string, RevealedInputs>();
  /** What the plan recorded but could not look inside (remote components, templates, stack references without outputs). */
  readonly opaque: OpaqueEntry[] = [];
  private readonly urns = new Set<string>();
  private readonly stack: string;
  private readonly project: string;
  private readonly preview: boolean;
  private readonly userMocks: UserMocks;
  private readonly provide: MockProvider;
  private readonly failures: unknown[];
  private readonly onRegister?: (count: number) => void;
  private readonly stackTransforms: Transform[] = [];

  constructor(o: RecordingMonitorOptions) {
    super({ ...o.mocks, registerTransform: (t: unknown) => this.stackTransforms.push(t as Transform) } as Mocks);
    this.stack = o.stack;
    this.project = o.project;
    this.preview = o.mode === "preview";
    this.userMocks = o.userMocks;
    this.provide = o.provide;
    this.failures = o.failures;
    this.onRegister = o.onRegister;
  }

  /**
   * The engine runs a resource's own and inherited transforms, then the stack's,
   * on the inputs before it registers them; the mock runtime leaves that to us.
   */
  private async transformed(req: RegisterRequest, type: string, name: string, raw: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const own = req.getTransformsList().map((cb) => (this as unknown as { transformCallbacks: Map<string, Transform> }).transformCallbacks.get(cb.getToken()));
    const all = [...own.filter((t): t is Transform => t !== undefined), ...this.stackTransforms];
    if (all.length === 0) return undefined;
    let props = deserializeRaw(raw);
    for (const t of all) {
      const result = await t({ type, name, custom: req.getCustom(), props, opts: {} });
      if (result) props = result.props;
    }
    return await pulumi.runtime.serializeProperties(`transform(${name})`, props) as Record<string, unknown>;
  }

  urnFor(type: string, name: string, parent: string | undefined): string {
    let qualified = type;
    if (parent) {
      const parentType = qualifiedTypeOf(parent);
      if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent() || undefined;
      const urn = this.urnFor(type, name, parent);
      if (this.urns.has(urn)) throw new ProgramError(`the program registers two resources with the URN ${urn}: give each resource of a type a unique name (Pulumi refuses a duplicate URN)`);
      this.urns.add(urn);
      const untransformed = req.getObject()?.toJavaScript() ?? {};
      const rawInputs = await this.transformed(req, type, name, untransformed) ?? untransformed;
      const inputs = deserializeRaw(rawInputs);
      const custom = req.getCustom();
      const remote = req.getRemote();
      const provider = req.getProvider() || undefined;
      const aliases = this.resolveAliases(req, type, name, parent);
      // A renamed resource keeps its cloud identity: seed the mock from the name it had before.
      const identity = aliases[0] ?? urn;
      const registration = { type, name: identity.split("::").pop() ?? name, urn: identity, custom, provider, inputs };
      const full = custom || type === ROOT_STACK_TYPE ? this.provide(registration) : { id: undefined, state: {} };
      // A preview creates nothing: the id and what the provider computes on create are unknown.
      const answer = this.preview && custom && full.id !== undefined
        ? { id: undefined, state: previewResult({ ...registration, region: "", account: "", partition: "" }, { id: full.id, state: full.state }, UNKNOWN_SENTINEL) }
        : full;
      const serialized = await pulumi.runtime.serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: answer.id ?? null, state: serialized });
      const reason = opaqueReason(type, custom, remote);
      if (reason !== undefined) this.opaque.push({ urn, type, reason });
      const secretOutputs = req.getAdditionalsecretoutputsList();
      const shown = sanitize(rawInputs) as Record<string, unknown>;
      if (JSON.stringify(shown).includes(JSON.stringify(SECRET))) {
        // Policies decide on a secret's plaintext, as CrossGuard does; the plan keeps it masked.
        const secrets: string[] = [];
        this.secretInputs.set(urn, { inputs: reveal(rawInputs, secrets) as Record<string, unknown>, secrets: [...new Set(secrets)] });
      }
      this.recorded.push({
        urn, type, name, parent, custom, provider, remote,
        id: answer.id,
        inputs: shown,
        outputs: maskKeys(sanitize(serialized) as Record<string, unknown>, secretOutputs),
        dependencies: [...new Set(req.getDependenciesList())],
        propertyDependencies: propertyDependencies(req),
        options: {
          protect: req.getProtect() === true,
          aliases,
          deleteBeforeReplace: req.getDeletebeforereplace(),
          retainOnDelete: req.getRetainondelete() === true,
          ignoreChanges: req.getIgnorechangesList(),
          replaceOnChanges: req.getReplaceonchangesList(),
          additionalSecretOutputs: secretOutputs,
          read: false,
        },
      });
      this.onRegister?.(this.recorded.length);
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(answer.id ?? "");
      response.setObject(PbStruct.fromJavaScript(serialized));
      callback(null, response);
    } catch (err) {
      this.failures.push(err);
      callback(null, new resproto.RegisterResourceResponse());
    }
  }

  override async readResource(req: ReadRequest, callback: Callback): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent() || undefined;
      const urn = this.urnFor(type, name, parent);
      const inputs = deserialize(req.getProperties());
      const provider = req.getProvider() || undefined;
      const answer = type === STACK_REFERENCE
        ? this.stackReference(urn, req.getId())
        : this.provide({ type, name, urn, custom: true, provider, inputs: { ...inputs, id: req.getId() } });
      const serialized = await pulumi.runtime.serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: req.getId(), state: serialized });
      this.recorded.push({
        urn, type, name, parent, custom: true, provider, remote: false, id: req.getId(),
        inputs: sanitize(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
        outputs: sanitize(serialized) as Record<string, unknown>,
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        options: {
          protect: false, aliases: [], deleteBeforeReplace: false, retainOnDelete: false,
          ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], read: true,
        },
      });
      this.onRegister?.(this.recorded.length);
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(PbStruct.fromJavaScript(serialized));
      callback(null, response);
    } catch (err) {
      this.failures.push(err);
      callback(null, new resproto.ReadResourceResponse());
    }
  }

  /**
   * A StackReference reads another stack's outputs; a real preview knows them.
   * Offline they come from paved.mocks.json; without them a preview carries
   * them as unknown (and says so), and a resolved plan cannot run.
   */
  private stackReference(urn: string, stackName: string): { id: string; state: Record<string, unknown> } {
    const given = this.userMocks.stackOutputs(stackName);
    if (given !== undefined) {
      const outputs = Object.fromEntries(Object.entries(given.outputs).map(([k, v]) => [k, given.secretOutputNames.includes(k) ? pulumi.secret(v) : v]));
      return { id: stackName, state: { name: stackName, outputs, secretOutputNames: given.secretOutputNames } };
    }
    const where = this.userMocks.file ?? "paved.mocks.json next to Pulumi.yaml";
    if (!this.preview) {
      // Recorded, not thrown: the program still runs to its end (with no outputs to read),
      // so nothing of this plan is left running when the failure is reported.
      this.failures.push(new UserError(`StackReference "${stackName}": its outputs are not given in ${where}, and a resolved plan (--resolve) needs them. ` +
        `Add { "stackReferences": { "${stackName}": { "<output>": <value> } } }, or plan in preview mode, where they are unknown.`));
      return { id: stackName, state: { name: stackName, outputs: {}, secretOutputNames: [] } };
    }
    this.opaque.push({ urn, type: STACK_REFERENCE, reason: `the outputs of stack "${stackName}" are not given in ${where}, so they are unknown and what depends on them was not checked` });
    return { id: stackName, state: { name: stackName, outputs: UNKNOWN_SENTINEL, secretOutputNames: [] } };
  }

  /** Outputs registered by components and the stack (`registerOutputs`), secrets masked. */
  readonly registeredOutputs = new Map<string, Record<string, unknown>>();

  override registerResourceOutputs(req: { getUrn(): string; getOutputs(): Struct | undefined }, callback: Callback): void {
    this.registeredOutputs.set(req.getUrn(), sanitize(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
    super.registerResourceOutputs(req, callback);
  }

  /**
   * Old URNs the resource answers to, resolved as the engine resolves alias
   * specs: its own aliases, then those inherited from its parent's aliases
   * (with the parent's old name substituted in a `${parent}-…` child name).
   */
  private resolveAliases(req: RegisterRequest, type: string, name: string, parent: string | undefined): string[] {
    const own = this.ownAliases(req, type, name, parent);
    const parentRecord = parent ? this.recorded.find((r) => r.urn === parent) : undefined;
    const inherited: string[] = [];
    for (const parentAlias of parentRecord?.options.aliases ?? []) {
      const parentName = parentRecord!.name;
      const oldParentName = parentAlias.split("::").pop() ?? parentName;
      const rename = (n: string) => (n.startsWith(parentName) ? oldParentName + n.slice(parentName.length) : n);
      inherited.push(this.urnFor(type, rename(name), parentAlias));
      for (const a of own) inherited.push(this.urnFor(qualifiedTypeOf(a).split("$").pop() ?? type, rename(a.split("::").pop() ?? name), parentAlias));
    }
    return [...new Set([...own, ...inherited])];
  }

  private ownAliases(req: RegisterRequest, type: string, name: string, parent: string | undefined): string[] {
    const out = [...req.getAliasurnsList()];
    for (const alias of req.getAliasesList()) {
      const spec = alias.getSpec();
      if (!spec) {
        if (alias.getUrn()) out.push(alias.getUrn());
        continue;
      }
      const aliasParent = spec.getNoparent() ? undefined : spec.getParenturn() || parent;
      const stack = spec.getStack() || this.stack;
      const project = spec.getProject() || this.project;
      const urn = this.urnFor(spec.getType() || type, spec.getName() || name, aliasParent)
        .replace(`urn:pulumi:${this.stack}::${this.project}::`, `urn:pulumi:${stack}::${project}::`);
      out.push(urn);
    }
    return [...new Set(out)];
  }
}
