import type { OpaqueEntry } from "./opaque";

/** How the program ran: as `pulumi preview` (unknowns), or with every output resolved from the mocks. */
export type PlanMode = "preview" | "resolve";

/**
 * Resources a preview does not show because the program creates them inside an
 * `apply` on a value unknown until deploy: found by running the program again
 * with every output resolved, and checked there.
 */
export interface DeferredSearch {
  /** true when the resolved run completed; false when it failed (then `error` says why) or did not run. */
  readonly ran: boolean;
  readonly error?: string;
  readonly resources: readonly { readonly urn: string; readonly type: string }[];
}
import type { RecordedResource, RevealedInputs } from "./types";

/**
 * What the engine records of a run, in the plan JSON's shape (the policy
 * results are added by the packs: see policies/report.ts). A public contract,
 * documented in the README. Add fields; never rename.
 */
export interface RecordedPlanJson {
  readonly stack: string;
  readonly project: string;
  readonly environment: string | null;
  /** "preview" (the default: provider-computed outputs unknown, as in `pulumi preview`) or "resolve". */
  readonly mode: PlanMode;
  readonly resources: readonly PlanJsonResource[];
  readonly summary: RecordedSummary;
  readonly outputs: Record<string, unknown>;
  /** What the plan recorded but could not look inside (remote components, templates, unresolved stack references): never checked. */
  readonly opaque: readonly OpaqueEntry[];
  /** Resources created inside `apply` at deploy time, which a preview cannot show (see DeferredSearch); absent for resolved plans. */
  readonly deferred?: DeferredSearch;
  /** The program's lookups and who answered them: built-in mocks invent realistic values, the mocks file gives the user's. */
  readonly lookups: readonly LookupRecord[];
}

export interface PlanJsonResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly inputs: Record<string, unknown>;
  /** What the (mock) provider answered; in a preview, what it computes on create is "[unknown]". */
  readonly outputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly custom: boolean;
  readonly aliases: readonly string[];
  readonly provider: string | null;
  /** The (mock) cloud id; null for components. */
  readonly id: string | null;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface RecordedSummary {
  /** Every registration except the stack itself. */
  readonly resources: number;
  readonly custom: number;
  readonly components: number;
  readonly protected: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Entries of `opaque`: parts of the program no policy looked at. */
  readonly opaque: number;
}

/** One lookup (invoke) the program made and who answered it offline: the values are invented, or the user's. */
export interface LookupRecord {
  readonly token: string;
  readonly source: "builtin" | "mocks-file";
  readonly inputs: Record<string, unknown>;
}

export interface PlanMeta {
  readonly stack: string;
  readonly project: string;
  readonly environment: string | undefined;
  readonly mode?: PlanMode;
  /** Distinct invokes the program made, in order. */
  readonly lookups?: readonly LookupRecord[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** A recorded run of a program: queried by tests, checked by the packs, rendered by the CLI. */
export class Plan {
  constructor(
    readonly meta: PlanMeta,
    readonly resources: readonly RecordedResource[],
    readonly outputs: Record<string, unknown>,
    readonly opaque: readonly OpaqueEntry[] = [],
    readonly deferred?: DeferredSearch,
    /** Secret inputs' plaintext by URN, in memory only (never in toJSON): checks decide on it. */
    readonly revealed?: ReadonlyMap<string, RevealedInputs>,
    /** The resolved run whose extra resources `deferred` lists, for checking them. */
    readonly resolvedRun?: Plan,
  ) {}

  /** This preview, with what a resolved run of the same program found only inside applies. */
  withDeferred(search: DeferredSearch, resolvedRun?: Plan): Plan {
    return new Plan(this.meta, this.resources, this.outputs, this.opaque, search, this.revealed, resolvedRun);
  }

  get mode(): PlanMode {
    return this.meta.mode ?? "preview";
  }

  /** Every registration of the type (or all, without one), the stack excluded. */
  all(type?: string): RecordedResource[] {
    return this.resources.filter((r) => r.type !== STACK_TYPE && (type === undefined || r.type === type));
  }

  /** The one resource of this type and name; throws, listing what exists, otherwise. */
  one(type: string, name: string): RecordedResource {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      const names = this.all(type).map((r) => r.name).join(", ") || "none";
      throw new Error(`expected exactly one ${type} named "${name}", found ${found.length} (names of that type: ${names})`);
    }
    return found[0]!;
  }

  /** The URN of the only resource with this name. */
  urnOf(name: string): string {
    const found = this.resources.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named "${name}", found ${found.length}`);
    return found[0]!.urn;
  }

  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }

  /** The stack resource, when the program ran inside one. */
  get root(): RecordedResource | undefined {
    return this.resources.find((r) => r.type === STACK_TYPE);
  }

  get summary(): RecordedSummary {
    const all = this.all();
    const byType: Record<string, number> = {};
    for (const r of all) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return {
      resources: all.length,
      custom: all.filter((r) => r.custom).length,
      components: all.filter((r) => !r.custom).length,
      protected: all.filter((r) => r.options.protect).length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      opaque: this.opaque.length,
    };
  }

  toJSON(): RecordedPlanJson {
    return {
      stack: this.meta.stack,
      project: this.meta.project,
      environment: this.meta.environment ?? null,
      mode: this.mode,
      resources: this.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        inputs: r.inputs,
        outputs: r.outputs,
        dependencies: r.dependencies,
        protect: r.options.protect,
        custom: r.custom,
        aliases: r.options.aliases,
        provider: r.provider ?? null,
        id: r.id ?? null,
        propertyDependencies: r.propertyDependencies,
      })),
      summary: this.summary,
      outputs: this.outputs,
      opaque: this.opaque,
      ...(this.deferred !== undefined && { deferred: this.deferred }),
      lookups: this.meta.lookups ?? [],
    };
  }
}
