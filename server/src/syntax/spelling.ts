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

/** The longest candidate a search compares: a word of MAX_WORD_LENGTH, plus the third of it a typo may add. */
const MAX_CANDIDATE_LENGTH = MAX_WORD_LENGTH + Math.floor(MAX_WORD_LENGTH / 3);
/** Reused rows of the distance table, one cell per character of the candidate and one more. */
const rows = [new Int32Array(MAX_CANDIDATE_LENGTH + 1), new Int32Array(MAX_CANDIDATE_LENGTH + 1), new Int32Array(MAX_CANDIDATE_LENGTH + 1)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) between a word `a` and a candidate `b`, or any value above
 * `limit` when it exceeds `limit`: a row whose every cell is above the limit
 * ends the search. `limit` is at most a third of `a`'s length, so `b` fits
 * the reused rows.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
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
