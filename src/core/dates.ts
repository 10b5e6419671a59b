// Dates as the core sees them: YYYY-MM-DD strings. The core never reads the clock; adapters
// pass "today" in (isoDay(new Date()) in the editor, CLAIM_LENS_TODAY or the clock in the CLI).

const DAY_MS = 86_400_000;

/** Whole days from `date` to `today` (both parseable by Date.parse); undefined when either is missing or invalid. */
export function ageInDays(date: string | undefined, today: string | undefined): number | undefined {
  if (!date || !today) return undefined;
  const a = Date.parse(date);
  const b = Date.parse(today);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.floor((b - a) / DAY_MS);
}

/** A moment as the day it falls on (UTC), YYYY-MM-DD. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
