/** The known name nearest to a typo, when it is near enough to be a likely intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const byPrefix = [...candidates].sort((a, b) => commonPrefix(word, b) - commonPrefix(word, a))[0];
  if (byPrefix && commonPrefix(word, byPrefix) >= Math.max(4, Math.ceil(word.length * 0.6))) return byPrefix;
  const byDistance = [...candidates].sort((a, b) => editDistance(word, a) - editDistance(word, b))[0];
  const limit = Math.max(2, Math.floor(word.length / 3));
  return byDistance !== undefined && editDistance(word, byDistance) <= limit ? byDistance : undefined;
}

/** " (did you mean x?)" or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = closest(word, candidates);
  return hint ? ` (did you mean ${hint}?)` : '';
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
