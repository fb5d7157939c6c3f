/** Pure IPv4 CIDR arithmetic, shared by the components that check or carve address blocks. */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${Math.floor(b / 2 ** 24) % 256}.${Math.floor(b / 2 ** 16) % 256}.${Math.floor(b / 2 ** 8) % 256}.${b % 256}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The `index`-th block of prefix `newPrefix` inside `c`. */
export function subdivide(c: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - c.prefix);
  if (newPrefix < c.prefix || index < 0 || index >= count) {
    throw new RangeError(`block ${index} of /${newPrefix} does not fit in ${formatCidr(c)}`);
  }
  return { base: c.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** RFC 1918 ranges plus the RFC 6598 shared space, which AWS also accepts for VPCs. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((t) => parseCidr(t)!);

/** Whether `text` is a CIDR inside the private ranges (never 0.0.0.0/0 or a public block). */
export function isPrivateCidr(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && c.base % size(c) === 0 && PRIVATE_RANGES.some((r) => contains(r, c));
}

