import { UserError } from "../errors";

/**
 * Paved's components are written against @pulumi/aws 7 (resource-level
 * `region`, the v7 `s3.Bucket`, renamed properties). The package's peer range
 * also admits 6 so that `paved plan`/`paved check` install beside programs
 * still on 6; constructing a component there fails early and plainly instead
 * of producing resources the v6 provider would read differently.
 */
export const COMPONENT_AWS_MAJOR = 7;

let checked: string | undefined;

function installedAwsVersion(): string {
  if (checked === undefined) checked = (require("@pulumi/aws/package.json") as { version: string }).version;
  return checked;
}

export function assertComponentAws(component: string, name: string, version: string = installedAwsVersion()): void {
  const major = Number(version.split(".")[0]);
  if (major === COMPONENT_AWS_MAJOR) return;
  throw new UserError(`${component} "${name}": Paved's components need @pulumi/aws ${COMPONENT_AWS_MAJOR}.x; this program has @pulumi/aws ${version}. ` +
    `Upgrade it (npm install @pulumi/aws@${COMPONENT_AWS_MAJOR}), or use only paved plan / paved check / paved/policies, which work with 6.x too.`);
}
