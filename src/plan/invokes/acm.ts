import { uuid } from "../ids";
import type { InvokeTable } from "./context";
import { cannotKnow, str } from "./common";

export const ACM_INVOKES: InvokeTable = {
  "aws:acm/getCertificate:getCertificate": (c) => {
    const domain = str(c.inputs.domain);
    if (domain === undefined) throw cannotKnow(c.token, "which certificate a tags-only getCertificate lookup finds");
    const arn = `arn:${c.partition}:acm:${c.region}:${c.account}:certificate/${uuid(`acm/${c.account}/${c.region}/${domain}`)}`;
    return {
      id: arn,
      arn,
      domain,
      // The provider's default filter is ISSUED certificates.
      status: "ISSUED",
      // The PEM bodies exist only in ACM: not modelled.
      certificate: "",
      certificateChain: "",
      region: c.region,
      tags: c.inputs.tags ?? {},
      keyTypes: c.inputs.keyTypes,
      mostRecent: c.inputs.mostRecent,
      statuses: c.inputs.statuses,
      types: c.inputs.types,
    };
  },
};
