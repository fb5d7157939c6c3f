import type { Environment } from "./environment";

/** Tags every resource carries; the cost and ownership reports group by them. */
export interface StandardTags {
  readonly environment: Environment;
  readonly service: string;
  readonly owner: string;
  readonly "cost-center": string;
}

export type Tags = Readonly<Record<string, string>>;

/**
 * The tags of a component's children: the caller's tags, then `environment`
 * and `service` (which the caller cannot contradict), then the child's Name.
 */
export function childTags(base: { environment: Environment; service: string; tags?: Tags }, name?: string): Record<string, string> {
  return {
    owner: "unassigned",
    "cost-center": "unassigned",
    ...base.tags,
    environment: base.environment,
    service: base.service,
    ...(name === undefined ? {} : { Name: name }),
  };
}
