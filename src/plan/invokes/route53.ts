import type { InvokeContext, InvokeTable } from "./context";
import { bool, cannotKnow, hashInt, str, stringMap, upperAlnum } from "./common";
import { uuid } from "../ids";

/**
 * Route 53 delegation sets: four name servers, one per TLD, named
 * ns-<n>.awsdns-<nn>.<tld> with n in 0–511 (.com), 512–1023 (.net),
 * 1024–1535 (.org), 1536–2047 (.co.uk) (Route 53 Developer Guide, "Getting
 * the name servers for a public hosted zone"). Private zones answer with AWS's
 * fixed placeholder servers, ending in a dot.
 */
const TLDS = ["com", "net", "org", "co.uk"] as const;
const PRIVATE_NAME_SERVERS = ["ns-0.awsdns-00.com.", "ns-512.awsdns-00.net.", "ns-1024.awsdns-00.org.", "ns-1536.awsdns-00.co.uk."];

function nameServers(zoneId: string): string[] {
  return TLDS.map((tld, i) => {
    const n = 512 * i + hashInt(`ns/${zoneId}/${tld}`, 512);
    const group = String(hashInt(`awsdns/${zoneId}/${tld}`, 64)).padStart(2, "0");
    return `ns-${n}.awsdns-${group}.${tld}`;
  });
}

/** A hosted zone id: "Z" and 20 upper-case alphanumerics, as zones created today look. */
export function hostedZoneId(c: InvokeContext, name: string, privateZone: boolean): string {
  return `Z0${upperAlnum(`zone/${c.account}/${name}/${privateZone}`, 19)}`;
}

export const ROUTE53_INVOKES: InvokeTable = {
  "aws:route53/getZone:getZone": (c) => {
    const asked = str(c.inputs.name);
    const zoneIdArg = str(c.inputs.zoneId);
    const privateZone = bool(c.inputs.privateZone) ?? str(c.inputs.vpcId) !== undefined;
    if (asked === undefined) {
      throw cannotKnow(c.token, zoneIdArg !== undefined
        ? `the domain name of hosted zone ${zoneIdArg}, which only the account knows`
        : "a hosted zone lookup without a name or zoneId");
    }
    // The provider returns the zone name without Route 53's trailing dot (terraform-provider-aws v3+, normalizeDomainName).
    const name = asked.replace(/\.$/, "").toLowerCase();
    const id = zoneIdArg ?? hostedZoneId(c, name, privateZone);
    const servers = privateZone ? PRIVATE_NAME_SERVERS : nameServers(id);
    return {
      id,
      zoneId: id,
      arn: `arn:${c.partition}:route53:::hostedzone/${id}`,
      name,
      callerReference: uuid(`caller-reference/${id}`),
      comment: "",
      linkedServiceDescription: "",
      linkedServicePrincipal: "",
      nameServers: servers,
      primaryNameServer: servers[0],
      privateZone,
      // A zone holds at least its SOA and NS records; how many more is not knowable.
      resourceRecordSetCount: 2,
      tags: stringMap(c.inputs.tags),
      vpcId: c.inputs.vpcId,
      enableAcceleratedRecovery: c.inputs.enableAcceleratedRecovery,
    };
  },
};
