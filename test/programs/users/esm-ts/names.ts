import * as pulumi from "@pulumi/pulumi";

/** Globally unique bucket names: project, stack, purpose, account. */
export function bucketName(purpose: string, accountId: string): string {
  return `${pulumi.getProject()}-${pulumi.getStack()}-${purpose}-${accountId}`;
}
