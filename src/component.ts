import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { assertComponentAws } from "./aws/provider-version";
import type { Environment } from "./environment";
import { ArgError } from "./errors";
import type { Issue } from "./issues";
import { identityName, physicalName } from "./naming";
import { resolveSettings, type SettingsSpec } from "./settings";
import { childTags, type Tags } from "./tags";
import type { Transform } from "./transform";
import { validateCommon } from "./validate-common";

/** What every Paved component's args carry. */
export interface CommonArgs {
  /** dev | staging | prod: picks every default. */
  readonly environment: Environment;
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  /** Tags for every child (owner, cost-center, …); `environment` and `service` are always set. */
  readonly tags?: Tags;
}

/** The args type a transform key is for. */
export type TransformArgs<T> = NonNullable<T> extends Transform<infer A> ? A : never;

/** A child class: `new aws.ec2.Vpc(name, args, opts)` and the like. */
export type ChildClass<A, R> = new (name: string, args: A, opts: pulumi.CustomResourceOptions) => R;

/**
 * A component's `create`, handed to a helper that builds some of its children: it runs the
 * caller's transform for the role and keeps the child in the component's `nodes`.
 */
export type CreateChild<Transforms> = <K extends keyof Transforms & string, R extends pulumi.Resource>(
  role: K,
  cls: ChildClass<TransformArgs<Transforms[K]>, R>,
  childName: string,
  args: TransformArgs<Transforms[K]>,
  opts?: pulumi.CustomResourceOptions,
) => R;

/** How a subclass describes itself to the base. */
export interface ComponentKind<Schema extends z.ZodObject, Settings extends object, Args> {
  /** The Pulumi type token, e.g. "paved:network:Vpc". Never change it: URNs derive from it. */
  readonly type: string;
  readonly settings: SettingsSpec<Schema, Settings>;
  /** Checks of args the schema cannot hold (inputs, cross-arg rules), after the settings resolved. */
  readonly validate?: (args: Args, settings: Settings) => Issue[];
  /** Whether children are AWS resources (the @pulumi/aws major is checked). @default true */
  readonly aws?: boolean;
  /**
   * For components whose args have no `environment` (their defaults do not vary):
   * the preset to use when none is given.
   */
  readonly defaultEnvironment?: Environment;
}

/**
 * The base of every Paved component. Before anything is registered it checks
 * the args (common ones, the settings schema and rules, the component's own
 * checks) and throws one ArgError with every problem. It then offers what each
 * component needs the same way: tags, child and stateful options, a physical
 * name within an AWS limit, and `create`, which names the child's role, runs
 * the caller's transform for that role and keeps the child in `nodes`.
 */
export abstract class PavedComponent<
  Settings extends object,
  Transforms extends object,
  Args extends Partial<CommonArgs> = CommonArgs,
> extends pulumi.ComponentResource {
  /** The settings in effect: the environment preset overridden by the args. */
  public readonly settings: Settings;
  /** Every child created, by role, for advanced users (read-only use: dependsOn, exports). */
  public readonly nodes: { readonly [K in keyof Transforms]?: readonly pulumi.Resource[] } = {};
  protected readonly componentName: string;
  private readonly args: Args & { readonly transform?: Transforms };
  private readonly opts: pulumi.ComponentResourceOptions | undefined;

  protected constructor(
    kind: ComponentKind<z.ZodObject, Settings, Args>,
    name: string,
    args: Args & { readonly transform?: Transforms },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const component = kind.type.split(":").pop()!;
    const environment = args.environment ?? kind.defaultEnvironment;
    const resolved = resolveSettings(kind.settings, environment, args);
    const issues = [...validateCommon({ ...args, environment }), ...resolved.issues];
    if (resolved.ok && kind.validate) issues.push(...kind.validate(args, resolved.settings));
    // environment is reported by both the common checks and the settings.
    const lines = [...new Set(issues.map((i) => `${i.path}: ${i.message}`))];
    if (lines.length > 0 || !resolved.ok) throw new ArgError(component, name, lines);
    if (kind.aws !== false) assertComponentAws(component, name);
    super(kind.type, name, {}, opts);
    this.settings = resolved.settings;
    this.componentName = name;
    this.args = args;
    this.opts = opts;
    this.environment = environment!;
  }

  /** The environment whose presets apply. */
  protected readonly environment: Environment;

  /** The `service` tag's value. */
  protected get serviceTag(): string {
    return this.args.service ?? this.componentName;
  }

  /** Tags of a child named `child`: the caller's, then environment, service and Name. */
  protected tags(child?: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...childTags({ environment: this.environment, service: this.serviceTag, tags: this.args.tags }, child), ...extra };
  }

  /** Options of an ordinary child. */
  protected child(extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return { parent: this, ...extra };
  }

  /** Options of a child that holds data or identity: `protect` from the settings. */
  protected stateful(extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    const protect = (this.settings as { protect?: unknown }).protect === true;
    return this.child({ protect, ...extra });
  }

  /** A physical name from the stack and the component's first name (kept across renames), at most `max` characters. */
  protected physicalName(max: number, ...suffix: string[]): string {
    return physicalName([pulumi.getStack(), identityName(this.componentName, this.opts), ...suffix], max);
  }

  /** The name the component had first (its first alias), for names that must survive a rename. */
  protected get identity(): string {
    return identityName(this.componentName, this.opts);
  }

  /**
   * Creates the child `childName` (which must start with "<component name>-")
   * in `role`: the caller's `transform[role]` may change its args and options
   * first. The child is kept in `nodes[role]`.
   */
  protected create<K extends keyof Transforms & string, R extends pulumi.Resource>(
    role: K,
    cls: ChildClass<TransformArgs<Transforms[K]>, R>,
    childName: string,
    args: TransformArgs<Transforms[K]>,
    opts: pulumi.CustomResourceOptions = this.child(),
  ): R {
    if (childName !== this.componentName && !childName.startsWith(`${this.componentName}-`)) {
      throw new Error(`${this.constructor.name} "${this.componentName}": child "${childName}" must be named "${this.componentName}-<role>"`);
    }
    const transform = this.args.transform?.[role] as Transform<TransformArgs<Transforms[K]>> | undefined;
    transform?.(args, opts);
    const made = new cls(childName, args, opts);
    const nodes = this.nodes as Record<string, pulumi.Resource[]>;
    (nodes[role] ??= []).push(made);
    return made;
  }
}
