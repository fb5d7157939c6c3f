import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const team = pulumi.output(config.require("team"));

// Team names become DNS labels: reject anything that is not one.
export const teamLabel = team.apply((t) => {
  if (!/^[a-z0-9-]+$/.test(t)) {
    throw new Error(`team "${t}" is not a DNS label`);
  }
  return t;
});

new aws.sns.Topic("alerts", { kmsMasterKeyId: "alias/aws/sns", tags: { team: teamLabel } });
