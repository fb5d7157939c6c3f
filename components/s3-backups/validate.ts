import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { checkBool, checkOneOf, validateCommon } from "../../src/validate-common";
import type { S3BackupsArgs } from "./args";
import { S3_BACKUPS_PRESETS, type S3BackupsSettings } from "./presets";

export function resolveBackupSettings(args: S3BackupsArgs): S3BackupsSettings {
  return { ...S3_BACKUPS_PRESETS[args.environment], ...definedOnly({
    retentionDays: args.retentionDays, objectLock: args.objectLock, vaultLock: args.vaultLock,
    restoreTesting: args.restoreTesting, protect: args.protect,
  }) };
}

export function validateBackupArgs(args: S3BackupsArgs, s: S3BackupsSettings): Issue[] {
  return [
    ...validateCommon(args),
    // Continuous backups (the hourly rule) keep at most 35 days.
    ...checkInt("retentionDays", s.retentionDays, 1, 35),
    ...checkOneOf("restoreTesting", args.restoreTesting, ["daily", "weekly", "off"]),
    ...checkBool("objectLock", args.objectLock), ...checkBool("vaultLock", args.vaultLock), ...checkBool("protect", args.protect),
    ...checkRestoreTestNetwork(args, s),
  ];
}

/** Restore tests need the real network: AWS Backup otherwise restores RDS into the default VPC. */
function checkRestoreTestNetwork(args: S3BackupsArgs, s: S3BackupsSettings): Issue[] {
  const testing = s.restoreTesting !== "off" && (args.restoreTestDatabaseArns ?? []).length > 0;
  const net = args.restoreTestNetwork;
  if (!testing) return [];
  if (net === undefined) {
    return [issue("restoreTestNetwork", net, "{ dbSubnetGroupName, securityGroupIds } when restoreTestDatabaseArns are given (else restores land in the default VPC)")];
  }
  return net.securityGroupIds.length === 0 ? [issue("restoreTestNetwork.securityGroupIds", [], "at least one security group id")] : [];
}
