/** One registration the offline plan saw: the plan JSON's `resources[]` entries, plus outputs. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent; undefined only for the stack itself. */
  readonly parent: string | undefined;
  /** true for cloud resources, false for components and the stack. */
  readonly custom: boolean;
  readonly id: string | undefined;
  /** Inputs as sent to the engine; secrets are `"[secret]"`. */
  readonly inputs: Record<string, unknown>;
  /** What the mock provider answered (ids, ARNs, endpoints); secrets masked. */
  readonly outputs: Record<string, unknown>;
  /** URNs this resource depends on (explicit `dependsOn` and input dependencies). */
  readonly dependencies: readonly string[];
  /** Input property → URNs its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly provider: string | undefined;
  /** true for a multi-language (remote) component, which the plan sees as one node. */
  readonly remote?: boolean;
  readonly options: ResourceOptionsRecord;
}

export interface ResourceOptionsRecord {
  readonly protect: boolean;
  /** Old URNs this resource answers to (resolved from alias specs). */
  readonly aliases: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  /** true when the resource was read (`.get`), not managed. */
  readonly read: boolean;
}

/** A resource's inputs with its secrets' plaintext, and those plaintext strings (to redact): held in memory only, never written. */
export interface RevealedInputs {
  readonly inputs: Record<string, unknown>;
  readonly secrets: readonly string[];
}
