import { digest } from "../ids";
import type { InvokeTable } from "./context";
import { cannotKnow, pastDate, str } from "./common";

/** Secrets Manager appends a hyphen and six random characters to a secret's name in its ARN (Secrets Manager User Guide, "Secret ARN"). */
function arnSuffix(seed: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const h = digest("secret-suffix", seed);
  return Array.from({ length: 6 }, (_v, i) => alphabet[Number.parseInt(h.slice(2 * i, 2 * i + 2), 16) % alphabet.length]).join("");
}

export const SECRETSMANAGER_INVOKES: InvokeTable = {
  // Metadata only: a secret's value is never part of this lookup.
  "aws:secretsmanager/getSecret:getSecret": (c) => {
    const asked = str(c.inputs.arn);
    const fromArn = asked === undefined ? undefined : /^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/.exec(asked)?.[1];
    const name = str(c.inputs.name) ?? fromArn;
    if (name === undefined) throw cannotKnow(c.token, asked === undefined ? "a getSecret lookup without arn or name" : `the name of the secret "${asked}"`);
    const arn = asked ?? `arn:${c.partition}:secretsmanager:${c.region}:${c.account}:secret:${name}-${arnSuffix(`${c.account}/${c.region}/${name}`)}`;
    const created = pastDate(`secret/${arn}`);
    return {
      id: arn,
      arn,
      name,
      createdDate: created,
      lastChangedDate: created,
      // Empty: encrypted with the AWS managed key aws/secretsmanager, the default.
      kmsKeyId: "",
      // Description and resource policy are the account's: not modelled.
      description: "",
      policy: "",
      region: c.region,
      tags: c.inputs.tags ?? {},
      type: "",
    };
  },
  // Deterministic, so plans are reproducible; it is only ever a secret input, masked in every plan.
  "aws:secretsmanager/getRandomPassword:getRandomPassword": (c) => {
    const length = typeof c.inputs.passwordLength === "number" ? c.inputs.passwordLength : 32;
    const text = Array.from({ length: Math.ceil(length / 64) }, (_v, i) => digest("random-password", String(i), JSON.stringify(c.inputs))).join("");
    return { id: c.region, randomPassword: `Mk${text}`.slice(0, length), region: c.region };
  },
};
