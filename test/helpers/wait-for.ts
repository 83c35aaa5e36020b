// Polling with a budget instead of sleeping: retries fn until it returns a truthy value
// (or stops throwing) and fails with the last reason when the budget runs out.

/** What waitFor can resolve with: fn's result once it is truthy. */
export type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

export async function waitFor<T>(
  fn: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as Truthy<T>;
      last = new Error(`condition false: ${opts.what ?? fn.toString().slice(0, 120)}`);
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const msg = last instanceof Error ? last.message : String(last);
      throw new Error(`waitFor timed out after ${opts.timeoutMs ?? 10_000} ms: ${opts.what ?? ''} (${msg})`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
  }
}
