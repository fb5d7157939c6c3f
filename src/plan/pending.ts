/** What the SDK keeps for a registration that has not reached the engine yet (runtime/resource.js). */
interface PendingRegistration {
  readonly name?: string;
  readonly type?: string;
  readonly label?: string;
  readonly phase?: string;
  readonly inputProperty?: string;
}

/**
 * A plan that ran out of work while registrations were still waiting: name
 * each one and what it waited on (the SDK's own phases: dependencies, inputs,
 * parent), so the user can find the promise or output that never settles.
 */
export function describePending(store: Record<string, unknown>): string {
  const pending = store.pendingResourceRegistrations as Map<unknown, PendingRegistration> | undefined;
  const lines = [...(pending?.values() ?? [])].map((p) => {
    const what = p.name && p.type ? `"${p.name}" [${p.type}]` : p.label ?? "a resource";
    const on = p.inputProperty ? `its input "${p.inputProperty}"` : p.phase ? `its ${p.phase}` : "something";
    return `  - ${what}, waiting on ${on}`;
  });
  const head = "the plan never finished: the program stopped making progress while it was still waiting on a promise or output that never settles";
  if (lines.length === 0) return `${head} (no resource registration was pending, so a stack output or the program's own promise never settled).`;
  return `${head}. Still waiting (${lines.length}):\n${lines.join("\n")}\nCheck these inputs for a promise that never resolves, or for a cycle between resources.`;
}
