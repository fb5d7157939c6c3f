import { awsId, digest } from "./ids";
import { availabilityZoneIds, availabilityZones } from "../regions";

export interface InvokeContext {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
}

type InvokeMock = (c: InvokeContext) => Record<string, unknown>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Amazon Linux 2023 and Bottlerocket AMIs, one stable fake id per region and name. */
const ami = (c: InvokeContext, name: string): string => awsId("ami", `${c.region}/${name}`);

const INVOKES: Readonly<Record<string, InvokeMock>> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (c) => {
    const exclude = new Set([...strings(c.inputs.excludeNames), ...strings(c.inputs.excludeZoneIds)]);
    const names = availabilityZones(c.region);
    const ids = availabilityZoneIds(c.region);
    const keep = names.map((_n, i) => !exclude.has(names[i]!) && !exclude.has(ids[i]!));
    return {
      id: c.region,
      names: names.filter((_n, i) => keep[i]),
      zoneIds: ids.filter((_n, i) => keep[i]),
      groupNames: names.filter((_n, i) => keep[i]).map(() => c.region),
      state: c.inputs.state ?? "available",
    };
  },
  "aws:index/getRegion:getRegion": (c) => ({
    id: c.region,
    name: c.region,
    region: c.region,
    endpoint: `ec2.${c.region}.amazonaws.com`,
    description: c.region,
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": (c) => ({
    id: c.account,
    accountId: c.account,
    arn: `arn:${c.partition}:sts::${c.account}:assumed-role/paved-plan/offline`,
    userId: `AROA${digest(c.account).slice(0, 17).toUpperCase()}:offline`,
  }),
  "aws:index/getPartition:getPartition": (c) => ({
    id: c.partition,
    partition: c.partition,
    dnsSuffix: c.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
    reverseDnsPrefix: c.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
  }),
  "aws:ssm/getParameter:getParameter": (c) => {
    const name = String(c.inputs.name);
    if (!name.startsWith("/aws/service/")) {
      throw new Error(`offline plan: SSM parameter "${name}" is not public; only /aws/service/* parameters are mocked`);
    }
    return { id: name, name, type: "String", value: ami(c, name), version: 1, arn: `arn:${c.partition}:ssm:${c.region}::parameter${name}` };
  },
  // Deterministic, so plans are reproducible; it is only ever a secret input, masked in every plan.
  "aws:secretsmanager/getRandomPassword:getRandomPassword": (c) => {
    const length = typeof c.inputs.passwordLength === "number" ? c.inputs.passwordLength : 32;
    const text = Array.from({ length: Math.ceil(length / 64) }, (_v, i) => digest("random-password", String(i), JSON.stringify(c.inputs))).join("");
    return { id: c.region, randomPassword: `Mk${text}`.slice(0, length) };
  },
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": (c) => ({
    id: c.region,
    userName: "AWS",
    password: `eyJ${digest("ecr-token", c.region).slice(0, 40)}`,
    authorizationToken: `QVdTOmV5Sn${digest("ecr-auth", c.region).slice(0, 40)}`,
    proxyEndpoint: `https://${c.account}.dkr.ecr.${c.region}.amazonaws.com`,
    expiresAt: "2026-12-31T00:00:00Z",
  }),
  "aws:ec2/getAmi:getAmi": (c) => {
    const id = ami(c, JSON.stringify(c.inputs.filters ?? c.inputs.nameRegex ?? "ami"));
    return { id, imageId: id, architecture: "x86_64", rootDeviceName: "/dev/xvda", name: "al2023-ami-minimal", ownerId: "137112412989" };
  },
};

/** Answers an invoke like AWS would; an invoke with no mock fails loudly by name. */
export function mockInvoke(c: InvokeContext): Record<string, unknown> {
  const mock = INVOKES[c.token];
  if (mock === undefined) {
    throw new Error(`offline plan: no mock for invoke "${c.token}". Add one to src/plan/mock-invokes.ts.`);
  }
  return mock(c);
}
