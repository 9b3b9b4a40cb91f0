// "Did you mean" suggestions: the closest candidate by edit distance, found
// in time bounded per file (a file of 4,000 unknown names among 4,000 hosts
// must not spend minutes on suggestions).

/** The longest word we suggest for: a longer one is not a typo of a name. */
const MAX_WORD_LENGTH = 64;

/**
 * How many candidates one file may compare in all. Each lookup spends one
 * unit per candidate it looks at; once the budget is spent, lookups make no
 * guess, so the cost of suggestions is linear in this number, not in
 * (unknown names × names).
 */
export class SuggestionBudget {
  constructor(private remaining = 1_000_000) {}

  /** Takes `units`; false when fewer are left (and then none are left: later lookups make no guess either). */
  spend(units: number): boolean {
    if (units > this.remaining) {
      this.remaining = 0;
      return false;
    }
    this.remaining -= units;
    return true;
  }

  /**
   * closestWord over `count` candidates, if the budget pays for all of them;
   * else no guess (a partial search could name a worse candidate than the best).
   */
  closest(word: string, candidates: Iterable<string>, count: number): string | undefined {
    return this.spend(count) ? closestWord(word, candidates) : undefined;
  }
}

/** Reused rows of the distance table (words are at most MAX_WORD_LENGTH long). */
const rows = [new Int32Array(MAX_WORD_LENGTH + 2), new Int32Array(MAX_WORD_LENGTH + 2), new Int32Array(MAX_WORD_LENGTH + 2)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) between `a` and `b`, or any value above `limit` when it
 * exceeds `limit`: a row whose every cell is above the limit ends the search.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length > MAX_WORD_LENGTH) return plainDistance(a, b);
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** The same distance for a candidate longer than the reused rows (never in a suggestion search). */
function plainDistance(a: string, b: string): number {
  const cols = b.length + 1;
  const d = new Array<number>((a.length + 1) * cols);
  for (let i = 0; i <= a.length; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[a.length * cols + b.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo:
 * at most a third of the word's length in edits (at least one), and closer
 * than any other candidate. A difference of case alone is the closest of all.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_WORD_LENGTH) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  let tied = false;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > limit) continue;
    // A candidate further than the best so far cannot win or tie: stop its table early.
    const distance = candidate.toLowerCase() === lower ? 0.5 : editDistance(word, candidate, Math.min(limit, bestDistance));
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && candidate !== best) {
      tied = true;
    }
  }
  // `gen9` is as close to gen1 as to gen6: no guess beats a wrong one.
  return tied ? undefined : best;
}
