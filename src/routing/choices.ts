// Where the model allows several outcomes (a load balancer's backend, equal-cost kernel routes), a
// walk takes one; Choices fixes which, so that the walk stays a pure function and every combination
// can be walked in turn (a depth-first enumeration of the decision tree, in the order met).

/** The picks of one walk: the i-th decision met takes picks[i] (0, the first option, past the end). */
export class Choices {
  private at = 0;
  /** How many options each decision met had, in order. */
  private readonly options: number[] = [];
  constructor(private readonly picks: readonly number[] = []) {}

  /** The index to take among `count` options at the next decision. */
  pick(count: number): number {
    const i = this.at++;
    this.options[i] = count;
    return Math.min(this.picks[i] ?? 0, count - 1);
  }

  /** The picks of the next combination after this walk's (the last decision with an option left moves on), or undefined: all walked. */
  next(): number[] | undefined {
    const took = this.options.map((_, i) => this.picks[i] ?? 0);
    for (let i = took.length - 1; i >= 0; i--) if (took[i]! + 1 < this.options[i]!) return [...took.slice(0, i), took[i]! + 1];
    return undefined;
  }
}

/** More combinations than any lab here can have (two hub routers, a few decisions per probe): a bug, not a lab. */
export const MAX_COMBINATIONS = 4096;

/** `walk` once per combination of choices, in order (the first takes the first option everywhere). */
export function everyChoice<T>(walk: (c: Choices) => T): T[] {
  const out: T[] = [];
  let picks: number[] | undefined = [];
  while (picks) {
    if (out.length >= MAX_COMBINATIONS) throw new Error(`more than ${MAX_COMBINATIONS} combinations of choices in one walk`);
    const c: Choices = new Choices(picks);
    out.push(walk(c));
    picks = c.next();
  }
  return out;
}
