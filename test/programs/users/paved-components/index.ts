import { EcsCluster, EcsService, RdsPostgres, Vpc } from "paved";

const tags = { owner: "payments", "cost-center": "cc-42", service: "payments" };

const vpc = new Vpc("core", { environment: "dev", tags });
const cluster = new EcsCluster("apps", { environment: "dev", tags });
const api = new EcsService("api", {
  environment: "dev",
  tags,
  clusterName: cluster.clusterName,
  network: vpc,
  image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" },
  port: 8080,
  user: "101:101",
  writableTmp: true,
  certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/api" },
});
const db = new RdsPostgres("ledger", { environment: "dev", tags, network: vpc, allowedSecurityGroupIds: [api.securityGroupId] });

export const url = api.url;
export const endpoint = db.endpoint;
