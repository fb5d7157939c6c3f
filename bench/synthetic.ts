import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Vpc } from "../components/vpc";

/**
 * A stand-in service for the scaling benchmark, built from what every service
 * has: a security group and its ingress rule, an encrypted log group, a task
 * role, and three alarms. It measures the engine, not a particular component.
 */
class BenchService extends pulumi.ComponentResource {
  constructor(name: string, vpcId: pulumi.Input<string>, keyArn: pulumi.Input<string>, opts?: pulumi.ComponentResourceOptions) {
    super("paved:bench:Service", name, {}, opts);
    const tags = { environment: "prod", service: name, owner: "bench", "cost-center": "bench" };
    const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId, description: `${name} tasks`, tags }, { parent: this });
    new aws.vpc.SecurityGroupIngressRule(`${name}-from-lb`, { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: sg.id, tags }, { parent: this });
    const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: 365, kmsKeyId: keyArn, tags }, { parent: this });
    new aws.iam.Role(`${name}-task`, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }), tags }, { parent: this });
    for (const metric of ["CPUUtilization", "MemoryUtilization", "HTTPCode_Target_5XX_Count"]) {
      new aws.cloudwatch.MetricAlarm(`${name}-${metric.toLowerCase()}`, {
        namespace: "AWS/ECS", metricName: metric, statistic: "Average", period: 60, evaluationPeriods: 5, threshold: 80,
        comparisonOperator: "GreaterThanThreshold", dimensions: { ServiceName: name, LogGroup: logs.name }, tags,
      }, { parent: this });
    }
    this.registerOutputs({});
  }
}

/** A prod Vpc plus `services` stand-in services. */
export function syntheticProgram(services: number): () => void {
  return () => {
    const vpc = new Vpc("main", { environment: "prod", tags: { owner: "bench", "cost-center": "bench" } });
    const key = new aws.kms.Key("logs-key", { enableKeyRotation: true, description: "bench logs" });
    for (let i = 0; i < services; i++) new BenchService(`svc-${i + 1}`, vpc.vpcId, key.arn);
  };
}
