import type { InvokeTable } from "./context";
import { cannotKnow, str } from "./common";

/**
 * Route 53 hosted zone ids of Elastic Load Balancing per region (AWS General
 * Reference, "Elastic Load Balancing endpoints and quotas"; the same tables as
 * terraform-provider-aws internal/service/elbv2/hosted_zone_id_data_source.go).
 * Application and Classic Load Balancers share one zone per region.
 */
const ALB_ZONES: Readonly<Record<string, string>> = {
  "af-south-1": "Z268VQBMOI5EKX", "ap-east-1": "Z3DQVH9N71FHZ0", "ap-northeast-1": "Z14GRHDCWA56QT",
  "ap-northeast-2": "ZWKZPGTI48KDX", "ap-northeast-3": "Z5LXEXXYW11ES", "ap-south-1": "ZP97RAFLXTNZK",
  "ap-south-2": "Z0173938T07WNTVAEPZN", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-southeast-2": "Z1GM3OXH4ZPM65",
  "ap-southeast-3": "Z08888821HLRG5A9ZRTER", "ap-southeast-4": "Z09517862IB2WZLPXG76F", "ca-central-1": "ZQSVJUPU6J1EY",
  "ca-west-1": "Z06473681N0SF6OS049SD", "cn-north-1": "Z1GDH35T77C1KE", "cn-northwest-1": "ZM7IZAIOVVDZF",
  "eu-central-1": "Z215JYRZR1TBD5", "eu-central-2": "Z06391101F2ZOEP8P5EB3", "eu-north-1": "Z23TAZ6LKFMNIO",
  "eu-south-1": "Z3ULH7SSC9OV64", "eu-south-2": "Z0956581394HF5D5LXGAP", "eu-west-1": "Z32O12XQLNTSW2",
  "eu-west-2": "ZHURV8PSTC4K8", "eu-west-3": "Z3Q77PNBQS71R4", "il-central-1": "Z09170902867EHPV2DABU",
  "me-central-1": "Z08230872XQRWHG2XF6I", "me-south-1": "ZS929ML54UICD", "sa-east-1": "Z2P70J7HTTTPLU",
  "us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-gov-east-1": "Z166TLBEWOO7G0",
  "us-gov-west-1": "Z33AYJ8TM3BH4J", "us-west-1": "Z368ELLRRE2KJ0", "us-west-2": "Z1H1FL5HABSF5",
};

const NLB_ZONES: Readonly<Record<string, string>> = {
  "af-south-1": "Z203XCE67M25HM", "ap-east-1": "Z12Y7K3UBGUAD1", "ap-northeast-1": "Z31USIVHYNEOWT",
  "ap-northeast-2": "ZIBE1TIR4HY56", "ap-northeast-3": "Z1GWIQ4HH19I5X", "ap-south-1": "ZVDDRBQ08TROA",
  "ap-south-2": "Z0711778386UTO08407HT", "ap-southeast-1": "ZKVM4W9LS7TM", "ap-southeast-2": "ZCT6FZBF4DROD",
  "ap-southeast-3": "Z01971771FYVNCOVWJU1G", "ap-southeast-4": "Z01156963G8MIIL7X90IV", "ca-central-1": "Z2EPGBW3API2WT",
  "ca-west-1": "Z02754302KBB00W2LKWZ9", "cn-north-1": "Z3QFB96KMJ7ED6", "cn-northwest-1": "ZQEIKTCZ8352D",
  "eu-central-1": "Z3F0SRJ5LGBH90", "eu-central-2": "Z02239872DOALSIDCX66S", "eu-north-1": "Z1UDT6IFJ4EJM",
  "eu-south-1": "Z23146JA1KNAFP", "eu-south-2": "Z1011216NVTVYADP1SSV", "eu-west-1": "Z2IFOLAFXWLO4F",
  "eu-west-2": "ZD4D7Y8KGAS4G", "eu-west-3": "Z1CMS0P5QUZ6D5", "il-central-1": "Z0313266YDI6ZRHTGQY4",
  "me-central-1": "Z00282643NTTLPANJJG2P", "me-south-1": "Z3QSRYVP46NYYV", "sa-east-1": "ZTK26PT1VY4CU",
  "us-east-1": "Z26RNL4JYFTOTI", "us-east-2": "ZLMOA37VPKANP", "us-gov-east-1": "Z1ZSMQQ6Q24QQ8",
  "us-gov-west-1": "ZMG1MZ2THAWF1", "us-west-1": "Z24FKFUX50B4VW", "us-west-2": "Z18D5FSROUN65G",
};

/**
 * The Elastic Load Balancing account that writes access logs, per region
 * (ELB User Guide, "Enable access logs for your Application Load Balancer" →
 * "Regions available before August 2022"; the same table as
 * terraform-provider-aws internal/service/elb/service_account_data_source.go).
 * Regions opened later grant the logdelivery.elasticloadbalancing.amazonaws.com
 * service principal instead, and have no account here.
 */
const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "098369216593", "ap-east-1": "754344448648", "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887", "ap-northeast-3": "383597477331", "ap-south-1": "718504428378",
  "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-southeast-3": "589379963580",
  "ca-central-1": "985666609251", "cn-north-1": "638102146993", "cn-northwest-1": "037604701340",
  "eu-central-1": "054676820928", "eu-north-1": "897822967062", "eu-south-1": "635631232127",
  "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667",
  "me-south-1": "076674570225", "sa-east-1": "507241528517", "us-east-1": "127311923021",
  "us-east-2": "033677994240", "us-gov-east-1": "190560391635", "us-gov-west-1": "048591011584",
  "us-west-1": "027434742980", "us-west-2": "797873946194",
};

function lookup(table: Readonly<Record<string, string>>, region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, region) ? table[region] : undefined;
}

/** The provider fails for a region it has no entry for; so does the mock, naming the region. */
function unsupported(token: string, what: string, region: string): Error {
  return new Error(`offline plan: ${token}: unsupported AWS Region: ${region} (no ${what} is published for it)`);
}

export const ELB_INVOKES: InvokeTable = {
  "aws:elb/getHostedZoneId:getHostedZoneId": (c) => {
    const id = lookup(ALB_ZONES, c.region);
    if (id === undefined) throw unsupported(c.token, "Elastic Load Balancing hosted zone", c.region);
    return { id, region: c.region };
  },
  "aws:lb/getHostedZoneId:getHostedZoneId": (c) => {
    const type = str(c.inputs.loadBalancerType) ?? "application";
    if (type !== "application" && type !== "network") throw cannotKnow(c.token, `a hosted zone for load balancer type "${type}" (the provider allows application or network)`);
    const id = lookup(type === "network" ? NLB_ZONES : ALB_ZONES, c.region);
    if (id === undefined) throw unsupported(c.token, `${type} load balancer hosted zone`, c.region);
    return { id, loadBalancerType: c.inputs.loadBalancerType, region: c.region };
  },
  "aws:elb/getServiceAccount:getServiceAccount": (c) => {
    const account = lookup(ELB_ACCOUNTS, c.region);
    if (account === undefined) {
      throw unsupported(c.token, "Elastic Load Balancing log-delivery account (grant logdelivery.elasticloadbalancing.amazonaws.com instead)", c.region);
    }
    return { id: account, arn: `arn:${c.partition}:iam::${account}:root`, region: c.region };
  },
};
