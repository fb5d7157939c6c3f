import fc from "fast-check";
import { subnetLayout } from "../components/vpc/cidr";
import { contains, overlaps, parseCidr } from "../src/cidr";

/** Any VPC block the Vpc accepts: /16–/23 on its boundary inside 10.0.0.0/8. */
const vpcBlock = fc.record({ prefix: fc.integer({ min: 16, max: 23 }), slot: fc.nat() }).map(({ prefix, slot }) => {
  const size = 2 ** (32 - prefix);
  const base = 10 * 2 ** 24 + (slot % 2 ** (prefix - 8)) * size;
  return `${Math.floor(base / 2 ** 24)}.${Math.floor(base / 2 ** 16) % 256}.${Math.floor(base / 2 ** 8) % 256}.${base % 256}/${prefix}`;
});

describe("subnet layout properties (fast-check)", () => {
  test("every subnet lies inside the VPC block and no two subnets overlap", () => {
    fc.assert(fc.property(vpcBlock, fc.integer({ min: 1, max: 8 }), (block, azs) => {
      const layout = subnetLayout(block, azs);
      const all = [...layout.public, ...layout.private, ...layout.isolated].map((t) => parseCidr(t)!);
      expect(all).toHaveLength(3 * azs);
      for (const s of all) expect(contains(parseCidr(block)!, s)).toBe(true);
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!)).toBe(false);
    }));
  });

  test("adding an AZ appends subnets and never renumbers an existing one", () => {
    fc.assert(fc.property(vpcBlock, fc.integer({ min: 1, max: 7 }), (block, azs) => {
      const before = subnetLayout(block, azs);
      const after = subnetLayout(block, azs + 1);
      for (const tier of ["public", "private", "isolated"] as const) expect(after[tier].slice(0, azs)).toEqual(before[tier]);
    }));
  });
});
