/** ANSI styling that switches itself off when output is not a terminal or NO_COLOR is set. */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string): string => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export function styleFor(stream: NodeJS.WriteStream): Style {
  const on = stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
  return { bold: wrap(on, 1, 22), dim: wrap(on, 2, 22), green: wrap(on, 32, 39), yellow: wrap(on, 33, 39), red: wrap(on, 31, 39) };
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, green: (s) => s, yellow: (s) => s, red: (s) => s };
