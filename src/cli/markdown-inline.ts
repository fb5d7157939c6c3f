/**
 * Inline Markdown that renders as written whatever the names and messages hold:
 * a resource name with a backtick, a pipe or `<details>` in it must not end a
 * code span, split a table cell or open an HTML block in the comment.
 */

/** The longest run of `ch` in `s`. */
function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** A code span: the fence is longer than any backtick run inside, so nothing can close it early. */
export function code(s: string): string {
  const flat = s.replace(/[\r\n]+/g, " ");
  if (flat === "") return "``";
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  // CommonMark strips one space on each side, so a name that starts or ends with a backtick keeps it.
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table cell's content: GFM splits cells on every unescaped pipe, inside code spans too. */
export function cell(s: string): string {
  return s.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
}

/**
 * Free text (a policy message, an error's first line) as plain text: HTML and
 * Markdown punctuation escaped, and a zero-width space after an `@` that would
 * start a mention (as Dependabot writes them), so no message notifies a user.
 */
export function text(s: string): string {
  return s.replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]~|#]/g, (c) => `\\${c}`)
    // Only where a mention could start: an e-mail address stays as it is.
    .replace(/(^|[^\w])@(?=\w)/g, "$1@&#8203;");
}

/** A fenced code block for verbatim text (an error log): the fence outlasts any backtick run inside. */
export function fenced(body: string, info = "text"): string {
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${info}\n${body}${body.endsWith("\n") || body === "" ? "" : "\n"}${fence}`;
}

/** "1 resource", "2 resources". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
