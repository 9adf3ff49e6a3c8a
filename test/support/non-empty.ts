// it.each / describe.each over an empty list runs nothing and passes: every such list goes through
// nonEmpty, which fails the file at collection instead (test/unit/support/non-empty.test.ts checks the use).
export function nonEmpty<T>(list: readonly T[], what = "it.each list"): T[] {
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${what} is empty: the test would run nothing and pass`);
  return [...list];
}
