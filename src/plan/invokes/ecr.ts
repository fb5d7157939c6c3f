import { digest } from "../ids";
import type { InvokeTable } from "./context";
import { cannotKnow, dnsSuffix, str } from "./common";

export const ECR_INVOKES: InvokeTable = {
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": (c) => {
    const registry = str(c.inputs.registryId) ?? c.account;
    return {
      id: c.region,
      userName: "AWS",
      password: `eyJ${digest("ecr-token", c.region).slice(0, 40)}`,
      authorizationToken: `QVdTOmV5Sn${digest("ecr-auth", c.region).slice(0, 40)}`,
      proxyEndpoint: `https://${registry}.dkr.ecr.${c.region}.${dnsSuffix(c.partition)}`,
      expiresAt: "2026-12-31T00:00:00Z",
      region: c.region,
      registryId: c.inputs.registryId,
    };
  },
  "aws:ecr/getRepository:getRepository": (c) => {
    const name = str(c.inputs.name);
    if (name === undefined) throw cannotKnow(c.token, "a getRepository lookup without a name");
    const registry = str(c.inputs.registryId) ?? c.account;
    return {
      id: name,
      name,
      arn: `arn:${c.partition}:ecr:${c.region}:${registry}:repository/${name}`,
      registryId: registry,
      repositoryUrl: `${registry}.dkr.ecr.${c.region}.${dnsSuffix(c.partition)}/${name}`,
      // ECR's defaults for a repository created without settings: AES256, mutable tags, no scan on push.
      encryptionConfigurations: [{ encryptionType: "AES256", kmsKey: "" }],
      imageScanningConfigurations: [{ scanOnPush: false }],
      imageTagMutability: "MUTABLE",
      imageTagMutabilityExclusionFilters: [],
      // Which images were pushed is the account's: not modelled.
      mostRecentImageTags: [],
      region: c.region,
      tags: c.inputs.tags ?? {},
    };
  },
};
