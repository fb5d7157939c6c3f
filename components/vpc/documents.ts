/**
 * Pure builders of the JSON documents the Vpc attaches: the flow-log key's
 * policy, the flow-log role's trust and permissions, and the NAT instance's boot script.
 */
import type { AccountContext } from "../../src/aws/account";

/** Trust policy: only the flow-logs service, only for this account (confused-deputy guard). */
export function flowLogTrustPolicy(c: AccountContext): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
      },
    ],
  });
}

/** Permissions: write to the one log group, nothing else. */
export function flowLogWritePolicy(logGroupArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
  });
}

/** Boot script of the NAT instance: forward and masquerade traffic from the VPC, persist across reboots. */
export function natInstanceUserData(vpcCidr: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y iptables-services",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-paved-nat.conf",
    "sysctl --system",
    "iface=$(ip route show default | awk '{print $5; exit}')",
    `iptables -t nat -A POSTROUTING -o "$iface" -s ${vpcCidr} -j MASQUERADE`,
    "iptables -F FORWARD",
    "service iptables save",
    "systemctl enable --now iptables",
    "",
  ].join("\n");
}
