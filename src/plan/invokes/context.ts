/** What a built-in invoke mock sees: the call and the account/region it runs in. */
export interface InvokeContext {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
}

export type InvokeResult = Record<string, unknown>;

/** Answers one invoke token like AWS would, or throws when it cannot honestly do so. */
export type InvokeMock = (c: InvokeContext) => InvokeResult;

/** Invoke token → mock; each file under src/plan/invokes exports one table. */
export type InvokeTable = Readonly<Record<string, InvokeMock>>;
