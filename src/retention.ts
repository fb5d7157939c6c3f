import type { ZodNumber } from "zod";
import { oneOfNumbers } from "./settings";

/** The retention values CloudWatch Logs accepts (days); "never expire" is deliberately absent. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The settings-schema entry for a log retention. */
export function logRetention(): ZodNumber {
  return oneOfNumbers(LOG_RETENTION_DAYS);
}
