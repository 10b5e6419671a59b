/**
 * Splits `items`, in order, into runs whose weights add up to at most `max`. An item heavier
 * than `max` goes alone. Nothing is dropped or reordered.
 */
export function batchesOf<T>(items: readonly T[], weigh: (item: T) => number, max: number): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weigh(item);
    if (run.length && total + w > max) {
      out.push(run);
      run = [];
      total = 0;
    }
    run.push(item);
    total += w;
  }
  if (run.length) out.push(run);
  return out;
}
