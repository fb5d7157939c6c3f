/** Clears the terminal line the cursor is on. */
const CLEAR_LINE = "\r\u001b[2K";

type Write = typeof process.stdout.write;

export interface Progress {
  /** Shows `text` as the progress line, replacing the previous one. */
  update(text: string): void;
  /** Clears the line and gives the streams back. */
  stop(): void;
}

/**
 * A one-line progress counter on a terminal. Anything else written meanwhile (the
 * program's console output, Pulumi's warnings, an error) first clears the line, so
 * no message is glued to "registered 12 resources…"; the next update redraws it.
 */
export function startProgress(streams: readonly NodeJS.WriteStream[] = [process.stderr, process.stdout], line: NodeJS.WriteStream = process.stderr): Progress {
  let shown = false;
  const originals = new Map<NodeJS.WriteStream, Write>();
  const lineWrite = line.write.bind(line) as (text: string) => boolean; // bound before the streams are wrapped
  const clear = (): void => {
    if (!shown) return;
    shown = false;
    lineWrite(CLEAR_LINE);
  };
  for (const stream of streams) {
    const original = stream.write;
    originals.set(stream, original);
    stream.write = function (this: NodeJS.WriteStream, ...args: Parameters<Write>): boolean {
      clear();
      return (original as (...a: Parameters<Write>) => boolean).apply(this, args);
    } as Write;
  }
  return {
    update(text: string): void {
      // Through the original write, so the line does not clear itself.
      lineWrite(`${CLEAR_LINE}${text}`);
      shown = true;
    },
    stop(): void {
      for (const [stream, original] of originals) stream.write = original;
      clear();
    },
  };
}
