import type { InvokeTable } from "./context";
import { cannotKnow } from "./common";

export const CLOUDFORMATION_INVOKES: InvokeTable = {
  // An export's value is whatever another stack published: nothing offline can derive it.
  "aws:cloudformation/getExport:getExport": (c) => {
    throw cannotKnow(c.token, `the value of CloudFormation export "${String(c.inputs.name ?? "")}" is set by another stack`);
  },
};
