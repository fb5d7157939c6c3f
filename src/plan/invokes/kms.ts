import { uuid } from "../ids";
import type { InvokeContext, InvokeTable } from "./context";
import { cannotKnow, pastDate, str } from "./common";

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

interface KeyRef { readonly keyId: string; readonly account: string; readonly region: string; readonly alias?: string }

/** What a key id, key ARN, alias name or alias ARN points at (KMS Developer Guide, "Key identifiers"). */
function resolveKey(c: InvokeContext, ref: string): KeyRef {
  const arn = /^arn:[\w-]+:kms:([\w-]+):(\d{12}):(key|alias)\/(.+)$/.exec(ref);
  if (arn !== null) {
    const [, region, account, kind, rest] = arn;
    if (kind === "key") return { keyId: rest!, account: account!, region: region! };
    return { keyId: aliasTarget(account!, region!, `alias/${rest}`), account: account!, region: region!, alias: `alias/${rest}` };
  }
  if (ref.startsWith("alias/")) return { keyId: aliasTarget(c.account, c.region, ref), account: c.account, region: c.region, alias: ref };
  if (KEY_ID.test(ref)) return { keyId: ref, account: c.account, region: c.region };
  throw cannotKnow(c.token, `"${ref}" is not a KMS key id, key ARN, alias name or alias ARN`);
}

/** The key an alias points at: one stable key per account, region and alias. */
function aliasTarget(account: string, region: string, alias: string): string {
  return uuid(`kms-alias-target/${account}/${region}/${alias}`);
}

function keyArn(c: InvokeContext, k: KeyRef): string {
  return `arn:${c.partition}:kms:${k.region}:${k.account}:key/${k.keyId}`;
}

export const KMS_INVOKES: InvokeTable = {
  "aws:kms/getKey:getKey": (c) => {
    const ref = str(c.inputs.keyId);
    if (ref === undefined) throw cannotKnow(c.token, "a getKey lookup without keyId");
    const k = resolveKey(c, ref);
    // alias/aws/<service> names the AWS managed key of that service; other keys are the customer's.
    const awsManaged = k.alias?.startsWith("alias/aws/") ?? false;
    return {
      id: k.keyId,
      keyId: k.keyId,
      arn: keyArn(c, k),
      awsAccountId: k.account,
      cloudHsmClusterId: "",
      creationDate: pastDate(`kms/${k.keyId}`),
      customKeyStoreId: "",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      deletionDate: "",
      // A customer key's description is free text: not knowable offline.
      description: "",
      enabled: true,
      expirationModel: "",
      grantTokens: c.inputs.grantTokens,
      keyManager: awsManaged ? "AWS" : "CUSTOMER",
      keySpec: "SYMMETRIC_DEFAULT",
      keyState: "Enabled",
      keyUsage: "ENCRYPT_DECRYPT",
      multiRegion: k.keyId.startsWith("mrk-"),
      multiRegionConfigurations: [],
      origin: "AWS_KMS",
      pendingDeletionWindowInDays: 0,
      region: k.region,
      validTo: "",
      xksKeyConfigurations: [],
    };
  },
  "aws:kms/getAlias:getAlias": (c) => {
    const name = str(c.inputs.name);
    if (name === undefined || !name.startsWith("alias/")) throw cannotKnow(c.token, `"${name ?? ""}" is not a KMS alias name (alias/…)`);
    const k = resolveKey(c, name);
    const arn = `arn:${c.partition}:kms:${c.region}:${c.account}:${name}`;
    return { id: arn, arn, name, region: c.region, targetKeyId: k.keyId, targetKeyArn: keyArn(c, k) };
  },
};
