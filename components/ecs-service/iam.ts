/** Pure IAM documents of EcsService. */

export function tasksTrustPolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
  });
}

export function ecsInfrastructureTrustPolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
  });
}

/**
 * What the execution role needs, and nothing more: pull the image (from the
 * component's repository when it builds one), write to the one log group, read
 * exactly the secrets the task injects.
 */
export function executionPolicy(o: { logGroupArn: string; repositoryArn?: string; secretArns: readonly string[]; kmsKeyArns: readonly string[] }): string {
  const secretsManager = o.secretArns.filter((a) => a.includes(":secretsmanager:"));
  const ssm = o.secretArns.filter((a) => a.includes(":ssm:"));
  const statements: object[] = [
    { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "PullImage", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: o.repositoryArn ?? "*" },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${o.logGroupArn}:*` },
  ];
  if (secretsManager.length > 0) statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretsManager });
  if (ssm.length > 0) statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm });
  if (o.kmsKeyArns.length > 0) statements.push({ Sid: "DecryptImageAndSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [...o.kmsKeyArns] });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Lets other accounts pull the repository's images (cross-account promotion); nothing else. */
export function crossAccountPullPolicy(accountIds: readonly string[], partition: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Sid: "PullForPromotion", Effect: "Allow",
      Principal: { AWS: accountIds.map((id) => `arn:${partition}:iam::${id}:root`) },
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    }],
  });
}

/** Keep the last 50 images; untagged layers go after 7 days. */
export const REPOSITORY_LIFECYCLE = JSON.stringify({
  rules: [
    { rulePriority: 1, description: "Expire untagged images after 7 days", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }, action: { type: "expire" } },
    { rulePriority: 2, description: "Keep the last 50 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 }, action: { type: "expire" } },
  ],
});
