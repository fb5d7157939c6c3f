import * as aws from "@pulumi/aws";

export = async () => {
  const identity = await aws.getCallerIdentity();
  const key = new aws.kms.Key("data", { enableKeyRotation: true, description: `data key of ${identity.accountId}` });
  return { keyArn: key.arn, account: identity.accountId };
};
