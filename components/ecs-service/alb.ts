import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CreateChild as KernelCreateChild } from "../../src/component";
import type { EcsServiceArgs, EcsServiceTransforms } from "./args";
import type { EcsServiceSettings } from "./settings";
import { wafRules } from "./waf";

/** TLS 1.3 and 1.2 with forward secrecy only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface AlbParts {
  readonly alb: aws.lb.LoadBalancer;
  readonly albSg: aws.ec2.SecurityGroup;
  readonly blue: aws.lb.TargetGroup;
  /** The second target group of blue/green, canary and linear deployments. */
  readonly green?: aws.lb.TargetGroup;
  readonly https: aws.lb.Listener;
  /** The HTTPS listener rule ECS moves between the target groups during native deployments. */
  readonly productionRule?: aws.lb.ListenerRule;
  readonly url: pulumi.Output<string>;
  readonly certificateArn: pulumi.Input<string>;
}

/** The component's `create`: the children made here get their role's transform and are kept in `nodes`. */
export type CreateChild = KernelCreateChild<EcsServiceTransforms>;

interface AlbContext {
  readonly name: string;
  readonly args: EcsServiceArgs;
  readonly s: EcsServiceSettings;
  readonly create: CreateChild;
  readonly child: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions;
  readonly tags: (child: string) => Record<string, string>;
}

/**
 * The load balancer side of a service: its security group (80 and 443 in),
 * target groups, an HTTPS listener with a modern TLS policy and a certificate,
 * an HTTP listener that only redirects, and WAF on public load balancers.
 */
export function loadBalancer(c: AlbContext): AlbParts {
  const { name, args, s, create, child, tags } = c;
  const albSg = create("loadBalancerSecurityGroup", aws.ec2.SecurityGroup, `${name}-alb-sg`, {
    vpcId: args.network.vpcId,
    description: `Load balancer of ${name}: HTTPS and redirected HTTP in`,
    tags: tags(`${name}-alb-sg`),
  });
  // Public: the internet on 80 and 443 only. Internal: the VPC's own block (checked given).
  const source = s.internal ? args.network.cidrBlock! : "0.0.0.0/0";
  for (const port of [443, 80]) {
    create("loadBalancerIngressRule", aws.vpc.SecurityGroupIngressRule, `${name}-alb-in-${port}`, {
      securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: port === 443 ? "HTTPS" : "HTTP, redirected to HTTPS",
      cidrIpv4: source, tags: tags(`${name}-alb-in-${port}`),
    });
  }

  const alb = create("loadBalancer", aws.lb.LoadBalancer, `${name}-alb`, {
    loadBalancerType: "application",
    internal: s.internal,
    subnets: s.internal ? args.network.privateSubnetIds : args.network.publicSubnetIds,
    securityGroups: [albSg.id],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: s.deletionProtection,
    idleTimeout: 60,
    ...(args.accessLogsBucket ? { accessLogs: { bucket: args.accessLogsBucket, enabled: true, prefix: name } } : {}),
    tags: tags(`${name}-alb`),
  });

  const targetGroup = (color: string) => create("targetGroup", aws.lb.TargetGroup, `${name}-${color}`, {
    vpcId: args.network.vpcId, port: s.port, protocol: "HTTP", targetType: "ip",
    deregistrationDelay: 30,
    healthCheck: { path: s.healthCheckPath, matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3, timeout: 5 },
    tags: tags(`${name}-${color}`),
  });
  const blue = targetGroup("blue");
  const native = s.deployment.strategy !== "rolling";
  const green = native ? targetGroup("green") : undefined;

  let certificateArn: pulumi.Input<string>;
  let url: pulumi.Output<string>;
  const cert = args.certificate;
  if ("arn" in cert) {
    certificateArn = cert.arn;
    url = pulumi.interpolate`https://${alb.dnsName}`;
  } else {
    const issued = create("certificate", aws.acm.Certificate, `${name}-cert`, {
      domainName: cert.domainName, validationMethod: "DNS", keyAlgorithm: "EC_prime256v1", tags: tags(`${name}-cert`),
    });
    const option = issued.domainValidationOptions.apply((o) => o[0]!);
    const record = create("certificateValidationRecord", aws.route53.Record, `${name}-cert-validation`, {
      zoneId: cert.zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true,
    });
    certificateArn = create("certificateValidation", aws.acm.CertificateValidation, `${name}-cert-validated`, {
      certificateArn: issued.arn, validationRecordFqdns: [record.fqdn],
    }).certificateArn;
    create("dnsRecord", aws.route53.Record, `${name}-dns`, {
      zoneId: cert.zoneId, name: cert.domainName, type: "A",
      aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
    });
    url = pulumi.output(`https://${cert.domainName}`);
  }

  const https = create("httpsListener", aws.lb.Listener, `${name}-https`, {
    loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy: TLS_POLICY, certificateArn,
    defaultActions: [native
      ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }
      : { type: "forward", targetGroupArn: blue.arn }],
    tags: tags(`${name}-https`),
  });
  create("httpListener", aws.lb.Listener, `${name}-http`, {
    loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    tags: tags(`${name}-http`),
  });
  // Native deployments shift weights on a listener rule; the rule's forward action is ECS's to change.
  const productionRule = native ? create("productionRule", aws.lb.ListenerRule, `${name}-production`, {
    listenerArn: https.arn, priority: 100,
    conditions: [{ pathPattern: { values: ["/*"] } }],
    actions: [{ type: "forward", forward: { targetGroups: [{ arn: blue.arn, weight: 100 }, { arn: green!.arn, weight: 0 }] } }],
    tags: tags(`${name}-production`),
  }, child({ ignoreChanges: ["actions"] })) : undefined;

  if (!s.internal) {
    const acl = create("webAcl", aws.wafv2.WebAcl, `${name}-waf`, {
      scope: "REGIONAL",
      description: `Managed rules and rate limit in front of ${name}`,
      defaultAction: { allow: {} },
      rules: wafRules(name, s.rateLimit, s.wafCountOnly),
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${name}-waf`, sampledRequestsEnabled: true },
      tags: tags(`${name}-waf`),
    });
    create("webAclAssociation", aws.wafv2.WebAclAssociation, `${name}-waf-alb`, { resourceArn: alb.arn, webAclArn: acl.arn });
  }
  return { alb, albSg, blue, green, https, productionRule, url, certificateArn };
}
