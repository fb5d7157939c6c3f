import { createHash } from "node:crypto";
import fc from "fast-check";
import { eventRuleName, RULE_NAME_MAX } from "../components/monitoring/documents";
import { identityName, MIN_SHORTENED_LENGTH, NAME_HASH_LENGTH, physicalName } from "../src/naming";

/** The shape every physical name must have: RDS, ElastiCache, S3 and EventBridge all accept it. */
const SHAPE = /^[a-z][a-z0-9-]*$/;
/** The limits callers pass: RDS identifier, ElastiCache group / backups / monitoring, ECS, EKS, EventBridge rule. */
const LIMITS = [63, 40, 32, 100, RULE_NAME_MAX] as const;

/** Independent model of the normalisation: the whole name before any shortening. */
function fullName(parts: readonly string[]): string {
  let s = parts.join("-").toLowerCase().replace(/[^a-z0-9-]/g, "-");
  while (s.includes("--")) s = s.replace("--", "-");
  s = s.replace(/^-/, "").replace(/-$/, "");
  if (!/^[a-z]/.test(s)) s = `p-${s}`.replace(/-$/, "");
  return s;
}

/** The function as it was before hashing: every name that fits must still come out exactly like this. */
function legacyName(parts: readonly string[], maxLength: number): string {
  const joined = parts.join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  const lettered = /^[a-z]/.test(joined) ? joined : `p-${joined}`;
  return lettered.slice(0, maxLength).replace(/-$/, "");
}

// Characters real inputs contain (stack, component name, suffixes) plus the ones normalisation must remove.
const part = fc.string({ unit: fc.constantFrom(..."abcxyzABZ0189-_ ./:é"), maxLength: 40 });
const parts = fc.array(part, { minLength: 1, maxLength: 4 });
const max = fc.oneof(fc.constantFrom(...LIMITS), fc.integer({ min: MIN_SHORTENED_LENGTH, max: 128 }));

describe("physicalName properties (fast-check)", () => {
  test("the result is at most max long and has the AWS shape: starts with a letter, no doubled or trailing hyphen", () => {
    fc.assert(fc.property(parts, max, (p, m) => {
      const name = physicalName(p, m);
      expect(name.length).toBeLessThanOrEqual(m);
      expect(name).toMatch(SHAPE);
      expect(name).not.toMatch(/--|-$/);
    }));
  });

  test("the same parts always give the same name", () => {
    fc.assert(fc.property(parts, max, (p, m) => {
      expect(physicalName([...p], m)).toBe(physicalName(p, m));
    }));
  });

  test("a name that fits comes back byte-for-byte as before (deployed databases and buckets keep their names)", () => {
    fc.assert(fc.property(parts, max, (p, m) => {
      fc.pre(fullName(p).length <= m);
      expect(physicalName(p, m)).toBe(fullName(p));
      expect(physicalName(p, m)).toBe(legacyName(p, m));
    }));
  });

  test("shortening is idempotent: a result passed in again is unchanged", () => {
    fc.assert(fc.property(parts, max, (p, m) => {
      const once = physicalName(p, m);
      expect(physicalName([once], m)).toBe(once);
    }));
  });

  test("a name too long keeps a readable prefix of the full name and ends with a hash of it, using all of max", () => {
    fc.assert(fc.property(fc.array(part, { minLength: 3, maxLength: 6 }), max, (p, m) => {
      const full = fullName(p);
      fc.pre(full.length > m);
      const name = physicalName(p, m);
      const hash = createHash("sha256").update(full).digest("hex").slice(0, NAME_HASH_LENGTH);
      expect(name.endsWith(`-${hash}`)).toBe(true);
      const prefix = name.slice(0, -hash.length - 1);
      expect(full.startsWith(prefix)).toBe(true);
      // Only a trailing hyphen of the cut may be dropped, nothing more.
      expect(prefix.length).toBeGreaterThanOrEqual(m - NAME_HASH_LENGTH - 2);
    }));
  });

  test("two long names that share a prefix but differ as full names never get the same physical name", () => {
    // The case that collided when names were only truncated: the same long stack+component, different suffixes.
    const sharedPrefix = fc.string({ unit: fc.constantFrom(..."abcdefgh-"), minLength: 60, maxLength: 130 });
    fc.assert(fc.property(sharedPrefix, part, part, max, (prefix, x, y, m) => {
      const a = [prefix, x];
      const b = [prefix, y];
      fc.pre(fullName(a) !== fullName(b));
      expect(physicalName(a, m)).not.toBe(physicalName(b, m));
    }));
  });

  test("any two inputs with different full names get different physical names", () => {
    fc.assert(fc.property(parts, parts, max, (a, b, m) => {
      fc.pre(fullName(a) !== fullName(b));
      expect(physicalName(a, m)).not.toBe(physicalName(b, m));
    }), { numRuns: 300 });
  });

  test("a limit that cannot hold letter, hyphen and hash is refused for a name too long, not silently truncated", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MIN_SHORTENED_LENGTH - 1 }), (m) => {
      expect(() => physicalName(["x".repeat(m + 1)], m)).toThrow(RangeError);
      expect(physicalName(["x".repeat(m)], m)).toBe("x".repeat(m));
    }));
  });
});

describe("physicalName at the limits callers use", () => {
  // Every call the dev, staging and prod stacks make today (recorded from a plan of each): none is shortened.
  const stackCalls: Array<[number, string[]]> = [
    ...[63, 40, 100].flatMap((m) => ["dev", "staging", "prod"].map((s): [number, string[]] => [m, [s, "main"]])),
    ...["dev", "staging", "prod"].map((s): [number, string[]] => [32, [s, "web"]]),
    ...["dev", "staging", "prod"].flatMap((s) => ["backup-job-failed", "copy-job-failed", "restore-job-failed"]
      .map((id): [number, string[]] => [RULE_NAME_MAX, [`${s}-main`, "backups", id]])),
  ];
  test.each(stackCalls)("max %i: the stacks' name %j is unchanged", (m, p) => {
    expect(physicalName(p, m)).toBe(p.join("-"));
  });

  // Pinned: a change of hash or prefix rule would rename (replace) every deployed resource with a long name.
  const long = ["prod", "a-very-long-component-name-for-the-orders-and-billing-platform-service", "extra-suffix-for-length-beyond-one-hundred-characters"];
  test.each([
    [63, "prod-a-very-long-component-name-for-the-orders-and-bil-c321fa1d"], // RDS DB instance identifier
    [40, "prod-a-very-long-component-name-c321fa1d"], // ElastiCache replication group, backups, monitoring
    [32, "prod-a-very-long-compon-c321fa1d"], // ECS service identity
    [100, "prod-a-very-long-component-name-for-the-orders-and-billing-platform-service-extra-suffix-fo-c321fa1d"], // EKS cluster
    [RULE_NAME_MAX, "prod-a-very-long-component-name-for-the-orders-and-bill-c321fa1d"], // EventBridge rule
  ])("max %i: a long name is cut to exactly max and ends with its hash", (m, expected) => {
    expect(physicalName(long, m)).toBe(expected);
    expect(expected).toHaveLength(m);
  });

  test("exactly max long is kept; one more character is shortened", () => {
    for (const m of LIMITS) {
      const fits = `a${"b".repeat(m - 1)}`;
      expect(physicalName([fits], m)).toBe(fits);
      const over = physicalName([`${fits}c`], m);
      expect(over).toHaveLength(m);
      expect(over).not.toBe(fits);
    }
  });

  test("two EventBridge rules of one long identity with ids that differ only past the limit get different names", () => {
    const identity = "staging-orders-billing-platform-main-backups";
    const a = eventRuleName(identity, "backup-vault", "restore-job-failed-in-the-primary-region");
    const b = eventRuleName(identity, "backup-vault", "restore-job-failed-in-the-disaster-recovery-region");
    expect(a).not.toBe(b);
    for (const n of [a, b]) {
      expect(n.length).toBeLessThanOrEqual(RULE_NAME_MAX);
      expect(n).toMatch(SHAPE);
    }
  });
});

describe("identityName", () => {
  test("is the name of the first alias that has one, else the name", () => {
    expect(identityName("new", undefined)).toBe("new");
    expect(identityName("new", {})).toBe("new");
    expect(identityName("new", { aliases: [] })).toBe("new");
    // A URN string alias carries no name to keep; an object alias does.
    expect(identityName("new", { aliases: ["urn:pulumi:prod::p::t::x", { name: "old" }, { name: "older" }] })).toBe("old");
    expect(identityName("new", { aliases: [{ stack: "prod" }] })).toBe("new");
  });

  test("a renamed component with an alias keeps its physical name", () => {
    fc.assert(fc.property(part, part, fc.constantFrom(...LIMITS), (oldName, newName, m) => {
      const before = physicalName(["prod", identityName(oldName, undefined)], m);
      const after = physicalName(["prod", identityName(newName, { aliases: [{ name: oldName }] })], m);
      expect(after).toBe(before);
    }));
  });
});
