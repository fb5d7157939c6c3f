import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import { ProgramError, UserError } from "../errors";
import { partitionOf } from "./regions";
import { builtinInvoke } from "./mock-invokes";
import { mockResource } from "./mock-resources";
import type { RecordingMonitor, Registration } from "./monitor";
import { TEMPLATE_INVOKES } from "./opaque";
import type { LookupRecord } from "./plan";
import { sanitize } from "./sanitize";
import type { RecordedResource } from "./types";
import type { UserMocks } from "./user-mocks";

/**
 * How the offline plan answers what the program asks of the cloud: resource
 * registrations (by the mocks, in the region and with the default tags of the
 * provider the resource uses) and invokes (the user's mocks file first, then
 * the built-in mocks; anything else is the user's to supply).
 */

/** The fixed account of every offline plan (AWS's documentation example account). */
export const MOCK_ACCOUNT = "111122223333";

export const missingRegion = (): UserError => new UserError(
  "aws:region is not set: the AWS provider needs a region and none is configured in Pulumi.<stack>.yaml, Pulumi.yaml, AWS_REGION or AWS_DEFAULT_REGION. " +
  "Set it with: pulumi config set aws:region <region> (e.g. eu-west-1).");

/** The explicit provider a reference (`<urn>::<id>`) names, as recorded. */
function providerOf(monitor: RecordingMonitor, providerRef: string): RecordedResource | undefined {
  const urn = providerRef.split("::").slice(0, 4).join("::");
  return monitor.recorded.find((r) => r.urn === urn);
}

/** The region a registration or invoke runs in: its explicit provider's, or the stack's. */
function regionOf(monitor: RecordingMonitor, providerRef: string | undefined, fallback: string | undefined): string | undefined {
  if (!providerRef) return fallback;
  const region = providerOf(monitor, providerRef)?.inputs.region;
  return typeof region === "string" && region !== "" ? region : fallback;
}

/** AWS resources and invokes need a region; others (Kubernetes, random, …) do not. */
function needsRegion(token: string): boolean {
  return token.startsWith("aws:") || token === "pulumi:providers:aws";
}

/** `defaultTags` as provider config carries it: `{ tags: {…} }`, JSON-encoded in config and provider inputs. */
function tagsOf(defaultTags: unknown): Record<string, string> | undefined {
  let v = defaultTags;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  const tags = typeof v === "object" && v !== null ? (v as { tags?: unknown }).tags : undefined;
  return typeof tags === "object" && tags !== null ? tags as Record<string, string> : undefined;
}

/** The default tags of the provider a registration uses: its explicit provider's, or `aws:defaultTags`. */
function defaultTagsOf(monitor: RecordingMonitor, providerRef: string | undefined, config: Readonly<Record<string, string>>): Record<string, string> | undefined {
  if (!providerRef) return tagsOf(config["aws:defaultTags"]);
  const provider = providerOf(monitor, providerRef);
  return provider?.type === "pulumi:providers:aws" ? tagsOf(provider.inputs.defaultTags) : undefined;
}

export function answer(monitor: RecordingMonitor, r: Registration, stackRegion: string | undefined, config: Readonly<Record<string, string>>): { id: string | undefined; state: Record<string, unknown> } {
  if (r.type === "pulumi:pulumi:Stack") return { id: undefined, state: {} };
  const region = regionOf(monitor, r.provider, stackRegion);
  if (region === undefined && needsRegion(r.type) && !(r.type === "pulumi:providers:aws" && typeof r.inputs.region === "string")) throw missingRegion();
  const effective = region ?? "";
  const defaultTags = r.type.startsWith("aws:") ? defaultTagsOf(monitor, r.provider, config) : undefined;
  return mockResource({ ...r, region: effective, account: MOCK_ACCOUNT, partition: partitionOf(effective), defaultTags });
}

/** An invoke that neither the user nor Paved can answer: the user can, in paved.mocks.json. */
export class UnmockedInvokeError extends ProgramError {
  constructor(readonly token: string, readonly inputs: Record<string, unknown>, readonly file: string | undefined, why?: string) {
    const example = JSON.stringify({ invokes: { [token]: { "…": "the result fields, as the provider returns them" } } });
    super(`the program calls the invoke "${token}" (inputs ${JSON.stringify(inputs)}), which the offline plan cannot answer${why ? ` (${why})` : ""}. ` +
      `Give its result in ${file ?? "paved.mocks.json next to Pulumi.yaml"}, e.g. ${example}; ` +
      `a list of { "inputs": {…}, "result": {…} } answers by inputs. See "Mocks file" in Paved's README.`);
  }
}

/** Every unanswerable invoke at once, so the user fills the mocks file in one go rather than one run per lookup. */
export function allUnmocked(failures: readonly unknown[]): ProgramError | undefined {
  const seen = new Map<string, UnmockedInvokeError>();
  for (const f of failures) if (f instanceof UnmockedInvokeError) seen.set(`${f.token} ${JSON.stringify(f.inputs)}`, f);
  if (seen.size < 2) return undefined;
  const list = [...seen.values()];
  return new ProgramError(`the program calls ${list.length} invokes the offline plan cannot answer:\n` +
    list.map((f) => `  - "${f.token}" (inputs ${JSON.stringify(f.inputs)})`).join("\n") +
    `\nGive their results in ${list[0]!.file ?? "paved.mocks.json next to Pulumi.yaml"} under "invokes" (see "Mocks file" in Paved's README).`);
}

export function mocksFor(monitor: () => RecordingMonitor, stackRegion: string | undefined, failures: unknown[], user: UserMocks, rendered: Set<string>,
  lookups: Map<string, LookupRecord>): Mocks {
  const note = (token: string, inputs: Record<string, unknown>, source: LookupRecord["source"]): void => {
    // Invoke inputs reach the mocks unwrapped: mask what looks secret before it can reach a plan JSON.
    const clean = Object.fromEntries(Object.entries(sanitize(inputs) as Record<string, unknown>)
      .map(([k, v]) => [k, /password|secret|token|private|credential/i.test(k) ? "[secret]" : v]));
    lookups.set(`${token} ${JSON.stringify(clean)}`, { token, source, inputs: clean });
  };
  return {
    call: (args) => {
      const inputs = args.inputs as Record<string, unknown>;
      try {
        const supplied = user.invoke(args.token, inputs);
        if (supplied !== undefined) {
          note(args.token, inputs, "mocks-file");
          return supplied;
        }
        if (args.token in TEMPLATE_INVOKES) {
          rendered.add(args.token);
          return { result: [] };
        }
        const region = regionOf(monitor(), args.provider, stackRegion);
        if (region === undefined && needsRegion(args.token)) throw missingRegion();
        const effective = region ?? "";
        let result: Record<string, unknown> | undefined;
        try {
          result = builtinInvoke({ token: args.token, inputs, region: effective, account: MOCK_ACCOUNT, partition: partitionOf(effective) });
        } catch (e) {
          // A built-in mock refuses inputs whose answer only the user's account knows.
          const why = (e as Error).message.replace(/^offline plan: /, "").replace(/\s*(The offline plan cannot know it; )?supply the result in paved\.mocks\.json.*$/s, "").replace(/\.$/, "");
          throw new UnmockedInvokeError(args.token, inputs, user.file, why);
        }
        if (result === undefined) throw new UnmockedInvokeError(args.token, inputs, user.file);
        note(args.token, inputs, "builtin");
        return result;
      } catch (e) {
        // Collected, so it fails the plan even if the program never awaits the invoke.
        failures.push(e);
        return {};
      }
    },
    // Registrations go through RecordingMonitor.registerResource, never here.
    newResource: () => {
      throw new Error("offline plan: unexpected direct mock registration");
    },
  };
}
