/** What a resource mock knows about the registration it answers. */
export interface MockContext {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  /** The provider's `defaultTags.tags`, which AWS adds to every taggable resource (`tagsAll`). */
  readonly defaultTags?: Readonly<Record<string, string>>;
}

/** How AWS names, identifies and describes one resource type (the mock's answer on create). */
export interface TypeSpec {
  /** Prefix of an EC2-style id (`vpc` → `vpc-0123…`); otherwise the id is the resource name. */
  readonly idPrefix?: string;
  /** Input property that AWS names the resource by and Pulumi auto-names when absent. */
  readonly nameProp?: string;
  /** A suffix the provider appends to an auto-name (FIFO queues end in `.fifo`). */
  readonly autoNameSuffix?: (c: MockContext) => string;
  readonly arn?: (c: MockContext, id: string, name: string) => string;
  readonly extra?: (c: MockContext, id: string, name: string) => Record<string, unknown>;
}

export const arn = (c: MockContext, service: string, resource: string, global = false): string =>
  `arn:${c.partition}:${service}:${global ? "" : c.region}:${c.account}:${resource}`;

/** `aws:<module>/<camelType>:<Type>` → `arn:…:<module>:<region>:<account>:<camel-type>/<id>`: AWS's common `resource-type/id` shape. */
export function genericArn(c: MockContext, id: string): string {
  const [, middle = ""] = c.type.split(":");
  const [service = "aws", kind = "resource"] = middle.split("/");
  return arn(c, service, `${kind.replace(/[A-Z]/g, (l) => `-${l.toLowerCase()}`)}/${id}`);
}
