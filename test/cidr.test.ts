import { subnetLayout, validateVpcCidr } from "../components/vpc/cidr";
import { contains, formatCidr, isPrivateCidr, overlaps, parseCidr, subdivide } from "../src/cidr";

describe("CIDR arithmetic", () => {
  test.each([
    ["10.0.0.0/16", 10 * 2 ** 24, 16],
    ["192.168.1.0/24", 192 * 2 ** 24 + 168 * 2 ** 16 + 256, 24],
    ["255.255.255.255/32", 2 ** 32 - 1, 32],
  ])("parses and formats %s", (text, base, prefix) => {
    expect(parseCidr(text)).toEqual({ base, prefix });
    expect(formatCidr(parseCidr(text)!)).toBe(text);
  });

  test.each(["10.0.0.0", "10.0.0/16", "256.0.0.0/16", "10.0.0.0/33", "a.b.c.d/8", ""])("rejects %j", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test("subdivides and refuses blocks that do not fit", () => {
    const vpc = parseCidr("10.0.0.0/16")!;
    expect(formatCidr(subdivide(vpc, 20, 3))).toBe("10.0.48.0/20");
    expect(() => subdivide(vpc, 20, 16)).toThrow(RangeError);
    expect(() => subdivide(vpc, 15, 0)).toThrow(RangeError);
    // The block itself is its own only subdivision at the same prefix.
    expect(formatCidr(subdivide(vpc, 16, 0))).toBe("10.0.0.0/16");
  });

  test("a CIDR is the whole text: nothing before or after it", () => {
    expect(parseCidr("x10.0.0.0/16")).toBeUndefined();
    expect(parseCidr("10.0.0.0/16x")).toBeUndefined();
    expect(parseCidr(" 10.0.0.0/16")).toBeUndefined();
  });

  test("contains and overlaps", () => {
    const a = parseCidr("10.0.0.0/16")!;
    expect(contains(a, parseCidr("10.0.255.0/24")!)).toBe(true);
    expect(contains(a, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(overlaps(a, parseCidr("10.0.128.0/17")!)).toBe(true);
    expect(overlaps(a, parseCidr("10.1.0.0/16")!)).toBe(false);
    // A block contains itself; a bigger block at the same base is not inside a smaller one.
    expect(contains(a, a)).toBe(true);
    expect(contains(parseCidr("10.0.0.0/24")!, a)).toBe(false);
  });

  test("a block that does not fit is refused naming the block, its prefix and the outer block", () => {
    expect(() => subdivide(parseCidr("10.0.0.0/16")!, 20, 16)).toThrow(new RangeError("block 16 of /20 does not fit in 10.0.0.0/16"));
  });

  test.each([
    ["10.0.0.0/8", true], ["10.20.0.0/16", true], ["172.16.0.0/12", true], ["192.168.4.0/24", true], ["100.64.0.0/10", true],
    // Outside the ranges, straddling one, unaligned, the whole internet, not a CIDR.
    ["8.8.8.0/24", false], ["172.32.0.0/16", false], ["10.0.0.0/7", false], ["10.0.0.1/16", false], ["0.0.0.0/0", false], ["private", false],
  ])("isPrivateCidr(%j) is %s (RFC 1918 and RFC 6598 ranges, aligned blocks only)", (text, expected) => {
    expect(isPrivateCidr(text)).toBe(expected);
  });
});

describe("VPC CIDR validation", () => {
  test.each(["10.0.0.0/16", "172.16.0.0/20", "192.168.0.0/23", "100.64.0.0/16"])("accepts %s", (c) => {
    expect(validateVpcCidr("cidrBlock", c)).toEqual([]);
  });
  test.each([
    ["8.8.0.0/16", "private IPv4 block"],
    ["10.0.0.0/8", "/16–/23"],
    ["10.0.0.0/24", "/16–/23"],
    ["10.0.1.0/16", "network boundary, e.g. 10.0.0.0/16"],
    ["nonsense", "private IPv4 block"],
    [42, "private IPv4 block"],
  ])("rejects %j", (c, allowed) => {
    const [i] = validateVpcCidr("cidrBlock", c);
    expect(i?.path).toBe("cidrBlock");
    expect(i?.message).toContain(`found ${JSON.stringify(c)}`);
    expect(i?.message).toContain(allowed);
  });
});

describe("subnet layout", () => {
  test("a /16 over three AZs (frozen)", () => {
    expect(subnetLayout("10.30.0.0/16", 3)).toEqual({
      private: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"],
      isolated: ["10.30.128.0/21", "10.30.136.0/21", "10.30.144.0/21"],
      public: ["10.30.192.0/21", "10.30.200.0/21", "10.30.208.0/21"],
    });
  });

  test("a /23 gives the smallest subnets AWS allows (/28)", () => {
    const l = subnetLayout("192.168.10.0/23", 2);
    expect(l.isolated.every((c) => c.endsWith("/28"))).toBe(true);
    expect(l.private.every((c) => c.endsWith("/27"))).toBe(true);
  });

  const blocks = ["10.0.0.0/16", "172.20.0.0/18", "192.168.64.0/20", "100.64.0.0/23"];
  test.each(blocks)("%s: every AZ count gives disjoint subnets inside the VPC, and adding an AZ never renumbers", (block) => {
    const vpc = parseCidr(block)!;
    for (let n = 1; n <= 6; n++) {
      const l = subnetLayout(block, n);
      const all = [...l.public, ...l.private, ...l.isolated].map((c) => parseCidr(c)!);
      expect(all).toHaveLength(3 * n);
      for (const c of all) expect(contains(vpc, c)).toBe(true);
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!)).toBe(false);
      if (n > 1) {
        const prev = subnetLayout(block, n - 1);
        expect(l.private.slice(0, n - 1)).toEqual(prev.private);
        expect(l.isolated.slice(0, n - 1)).toEqual(prev.isolated);
        expect(l.public.slice(0, n - 1)).toEqual(prev.public);
      }
    }
  });

  test("refuses invalid input", () => {
    expect(() => subnetLayout("10.0.0.0/8", 2)).toThrow(new RangeError("invalid VPC CIDR 10.0.0.0/8"));
    expect(() => subnetLayout("10.0.0.0/16", 0)).toThrow(new RangeError("azCount 0 outside 1–8"));
    // Refused by the check itself, not by a later subdivision that happens to overflow.
    expect(() => subnetLayout("10.0.0.0/16", 9)).toThrow(new RangeError("azCount 9 outside 1–8"));
    // The largest count is allowed: eight AZs, eight subnets per tier.
    expect(subnetLayout("10.0.0.0/16", 8).private).toHaveLength(8);
  });
});
