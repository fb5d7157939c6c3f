import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { createRequire } from "node:module";
import { maskKeys, sanitize } from "./sanitize";
import type { RecordedResource } from "./types";

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
  private readonly urns = new Set<string>();

  constructor(
    mocks: Mocks,
    private readonly stack: string,
    private readonly project: string,
    private readonly provide: MockProvider,
    /** Where errors go: thrown back into the runtime they would surface as unhandled rejections. */
    private readonly failures: unknown[],
    private readonly onRegister?: (count: number) => void,
  ) {
    super(mocks);
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
      if (this.urns.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
      this.urns.add(urn);
      const rawInputs = req.getObject()?.toJavaScript() ?? {};
      const inputs = deserializeRaw(rawInputs);
      const custom = req.getCustom();
      const provider = req.getProvider() || undefined;
      const aliases = this.resolveAliases(req, type, name, parent);
      // A renamed resource keeps its cloud identity: seed the mock from the name it had before.
      const identity = aliases[0] ?? urn;
      const answer = custom || type === ROOT_STACK_TYPE
        ? this.provide({ type, name: identity.split("::").pop() ?? name, urn: identity, custom, provider, inputs })
        : { id: undefined, state: {} };
      const serialized = await pulumi.runtime.serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: answer.id ?? null, state: serialized });
      const secretOutputs = req.getAdditionalsecretoutputsList();
      this.recorded.push({
        urn, type, name, parent, custom, provider,
        id: answer.id,
        inputs: sanitize(rawInputs) as Record<string, unknown>,
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
      const answer = this.provide({ type, name, urn, custom: true, provider, inputs: { ...inputs, id: req.getId() } });
      const serialized = await pulumi.runtime.serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: req.getId(), state: serialized });
      this.recorded.push({
        urn, type, name, parent, custom: true, provider, id: req.getId(),
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
