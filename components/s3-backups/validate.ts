import { definedOnly } from "../../src/environment";
import { checkInt, type Issue } from "../../src/issues";
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
  ];
}
