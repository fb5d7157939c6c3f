import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../../src/environment";
import { issue, type Issue } from "../../src/issues";

/**
 * An OCI sha256 digest: "sha256:" and 64 lower-case hex digits.
 * Source: OCI image-spec v1.1.1 descriptor.md#sha-256 ("the encoded portion MUST match /[a-f0-9]{64}/";
 * https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#sha-256).
 */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export interface ParsedReference {
  /** Registry and repository, e.g. "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web". */
  readonly repository: string;
  /** The tag, or undefined when there is none (Docker then pulls "latest"). */
  readonly tag: string | undefined;
  /** "sha256:…" when the reference is pinned by digest. */
  readonly digest: string | undefined;
}

/** Splits `repo[:tag][@digest]`; a ":" before the last "/" is a registry port, not a tag. */
export function parseImageReference(reference: string): ParsedReference {
  const at = reference.indexOf("@");
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  return { repository: hasTag ? name.slice(0, colon) : name, tag: hasTag ? name.slice(colon + 1) : undefined, digest };
}

/**
 * What a reference may be. A digest must be a well-formed sha256 one. In staging and
 * prod a reference without a digest must name a tag other than "latest": an absent
 * or "latest" tag moves without any change to the stack, so neither the plan nor a
 * rollback says what runs. Specific tags are accepted, because ECS resolves a tag to
 * a digest once per deployment and runs that digest on every task of it
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerImage.html);
 * to run in prod exactly what staging ran, use `promoteFrom`, which only accepts digests.
 */
export function checkImageReference(reference: string, environment: Environment, at = "image.reference"): Issue[] {
  const ref = parseImageReference(reference);
  if (ref.repository === "" || /\s/.test(reference)) return [issue(at, reference, "repository[:tag][@sha256:<64 hex>]")];
  if (ref.digest !== undefined) {
    return SHA256_DIGEST.test(ref.digest) ? [] : [issue(at, reference, "a digest of the form sha256:<64 lower-case hex digits> after @")];
  }
  if (environment !== "dev" && (ref.tag === undefined || ref.tag === "latest")) {
    return [issue(at, reference, `in ${environment}, a digest (repo@sha256:…) or a fixed tag other than "latest"`)];
  }
  return [];
}

/** A promoted reference must be digest-pinned: promotion means "the bytes staging ran". */
export function checkPromotedReference(reference: unknown, stack: string, service: string): string | undefined {
  if (typeof reference !== "string") return `image.promoteFrom: stack "${stack}" exports no serviceImages.${service}; allowed a stack that runs service "${service}"`;
  const ref = parseImageReference(reference);
  if (ref.digest === undefined || !SHA256_DIGEST.test(ref.digest)) {
    return `image.promoteFrom: found ${JSON.stringify(reference)} in stack "${stack}"; allowed a digest-pinned reference (repo@sha256:<64 hex>)`;
  }
  return undefined;
}

/** ECR tags: up to 128 of [A-Za-z0-9_.-] (our tags are 68: "ctx-" and 64 hex). */
export const CONTEXT_TAG_PREFIX = "ctx-";

export interface BuildInputs {
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly platform: string;
}

/**
 * The tag of a built image: a sha256 over everything that can change the image, so a
 * changed context gets a new tag (an IMMUTABLE repository refuses a second push to an
 * old one) and an unchanged one keeps its tag (nothing new to push).
 *
 * Deterministic: files are visited in sorted POSIX-path order, and each contributes its
 * relative path, executable bit and bytes (symlinks their target); then the Dockerfile
 * (when it lies outside the context), sorted build args and the platform. Nothing is
 * skipped, not even files .dockerignore drops: hashing more than Docker sends can only
 * cause an extra tag, never a stale one.
 */
export function contextTag(context: string, build: BuildInputs, cwd = process.cwd()): string {
  const root = path.resolve(cwd, context);
  const hash = createHash("sha256");
  const walk = (dir: string, rel: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).map((e) => e.name).sort();
    for (const entry of entries) {
      const abs = path.join(dir, entry);
      const relPath = rel === "" ? entry : `${rel}/${entry}`;
      const stat = fs.lstatSync(abs);
      if (stat.isSymbolicLink()) hash.update(`l\0${relPath}\0${fs.readlinkSync(abs)}\0`);
      else if (stat.isDirectory()) {
        hash.update(`d\0${relPath}\0`);
        walk(abs, relPath);
      } else if (stat.isFile()) {
        hash.update(`f\0${relPath}\0${(stat.mode & 0o111) !== 0 ? "x" : "-"}\0${stat.size}\0`);
        hash.update(fs.readFileSync(abs));
      }
    }
  };
  walk(root, "");
  if (build.dockerfile !== undefined) {
    const dockerfile = path.resolve(cwd, build.dockerfile);
    hash.update(`dockerfile\0${build.dockerfile}\0`);
    if (path.relative(root, dockerfile).startsWith("..") && fs.existsSync(dockerfile)) hash.update(fs.readFileSync(dockerfile));
  }
  for (const key of Object.keys(build.buildArgs ?? {}).sort()) hash.update(`arg\0${key}\0${build.buildArgs![key]}\0`);
  hash.update(`platform\0${build.platform}\0`);
  return `${CONTEXT_TAG_PREFIX}${hash.digest("hex")}`;
}

/** The context must be a directory that exists where the program runs. */
export function checkContext(context: string, cwd = process.cwd()): Issue[] {
  const root = path.resolve(cwd, context);
  return fs.existsSync(root) && fs.statSync(root).isDirectory()
    ? [] : [issue("image.context", context, `a directory that exists (resolved from ${cwd})`)];
}
