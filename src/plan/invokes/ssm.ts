import type { InvokeTable } from "./context";
import { cannotKnow, hashInt } from "./common";
import { publicParameterValue } from "./ssm-public-parameters";

export const SSM_INVOKES: InvokeTable = {
  "aws:ssm/getParameter:getParameter": (c) => {
    const name = String(c.inputs.name ?? "");
    const value = name.startsWith("/aws/service/") ? publicParameterValue(c, name) : undefined;
    if (value === undefined) {
      throw cannotKnow(c.token, name.startsWith("/aws/service/")
        ? `the public SSM parameter "${name}" is not one whose value Paved models`
        : `the SSM parameter "${name}" is not public (only /aws/service/* parameters are mocked), so its value exists only in the account`);
    }
    return {
      id: name,
      name,
      type: "String",
      value,
      insecureValue: value,
      version: 1 + hashInt(`version/${c.region}/${name}`, 200),
      // Public parameters live in AWS's account, so their ARN has none.
      arn: `arn:${c.partition}:ssm:${c.region}::parameter${name}`,
      region: c.region,
      withDecryption: c.inputs.withDecryption,
    };
  },
};
