import type { RdsPostgresSettings } from "./settings";

/*
 * Storage autoscaling, as the RDS user guide describes it ("Managing capacity automatically with
 * Amazon RDS storage autoscaling", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html):
 * RDS grows the volume when free space is ≤ 10 % of the allocated storage for at least 5 minutes, and
 * at least 6 hours after the last storage modification (or once storage optimization has finished,
 * whichever is longer); it grows by the largest of 10 GiB, 10 % of the allocation and the growth it
 * predicts for the next 7 hours; it never goes past maxAllocatedStorage, which must be at least 10 %
 * above the allocated storage.
 */

/** Autoscaling starts when free space is at most this fraction of the allocated storage. */
export const AUTOSCALING_TRIGGER_FRACTION = 0.1;
/** Hours RDS may wait after one storage modification before the next one. */
export const AUTOSCALING_COOLDOWN_HOURS = 6;
/** maxAllocatedStorage, when above allocatedStorage, must exceed it by at least this many percent. */
export const AUTOSCALING_MIN_HEADROOM_PERCENT = 10;
/** Floor of a fixed-size volume (autoscaling off): the share of it left free before we page. */
const FIXED_FLOOR_FRACTION = 0.2;
/** Reported by the time-to-full expression while free space is not shrinking: a year, i.e. "never". */
export const NOT_FILLING_HOURS = 8760;

/** Whether RDS may grow the volume: a maxAllocatedStorage equal to allocatedStorage turns autoscaling off. */
export function storageAutoscales(s: Pick<RdsPostgresSettings, "allocatedStorageGb" | "maxAllocatedStorageGb">): boolean {
  return s.maxAllocatedStorageGb > s.allocatedStorageGb;
}

/** The smallest maxAllocatedStorageGb RDS accepts above a given allocation (10 % more, in whole GiB). */
export function minAutoscalingCeilingGb(allocatedStorageGb: number): number {
  // Integer arithmetic: 1.1 * 100 is 110.00000000000001 in floating point.
  return Math.ceil((allocatedStorageGb * (100 + AUTOSCALING_MIN_HEADROOM_PERCENT)) / 100);
}

/**
 * Free bytes below which the database pages, whatever its size by then. With autoscaling on, RDS
 * grows the volume whenever free space reaches 10 % of the allocation, and the allocation only ever
 * grows from allocatedStorageGb; so a floor at half that trigger on the initial size (5 %) is never
 * reached while autoscaling can still act, and is reached when it cannot: the volume is at
 * maxAllocatedStorage, or a grow was refused or is held back by the 6-hour rule. A fixed-size volume
 * keeps the plain 20 % floor.
 */
export function storageFloorBytes(s: Pick<RdsPostgresSettings, "allocatedStorageGb" | "maxAllocatedStorageGb">): number {
  const fraction = storageAutoscales(s) ? AUTOSCALING_TRIGGER_FRACTION / 2 : FIXED_FLOOR_FRACTION;
  return Math.round(fraction * s.allocatedStorageGb * 1024 ** 3);
}

/**
 * Metric math over FreeStorageSpace (`free`, bytes): hours until it reaches zero at the current rate
 * of decline (RATE is per second), or NOT_FILLING_HOURS while it is not declining. It stays right as
 * the volume grows, since it reads only free space and its trend.
 * Functions: "Using metric math", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 * (RATE: change per second between consecutive points; IF(TS < S, TS, S); unary minus).
 */
export function timeToFullExpression(freeId = "free"): string {
  return `IF(RATE(${freeId}) < 0, ${freeId} / (-3600 * RATE(${freeId})), ${NOT_FILLING_HOURS})`;
}

/** The same arithmetic in TypeScript, for tests: hours to full given free bytes and their change per second. */
export function hoursToFull(freeBytes: number, bytesPerSecond: number): number {
  return bytesPerSecond < 0 ? freeBytes / (-3600 * bytesPerSecond) : NOT_FILLING_HOURS;
}
