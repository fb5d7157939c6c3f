// Line 6 throws; the test pins that line.
export function requireRetention(days: number): number {
  if (days >= 7) {
    return days;
  }
  throw new Error(`retention must be at least 7 days, found ${days}`);
}
