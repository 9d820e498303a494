/**
 * The short-search index's text (docs/design.md §10, "Short searches"). A trigram index cannot
 * find a term of 1 or 2 characters; this spelling of a value makes every character and every
 * pair of adjacent characters a trigram of its own, so that a one-token lookup in a trigram index
 * (SQLite: FTS5 `detail=none`, which keeps only which rows hold a token) finds exactly the values
 * that contain the term:
 *
 *   value "ab" → ⟨EDGE a b EDGE⟩ → GRAM EDGE a · GRAM a b · GRAM b EDGE
 *
 * Its trigrams are `GRAM x y` for each adjacent pair x y, `x y GRAM`, and `y GRAM y` for each
 * character y of the value. So "ab" is found by the token `GRAM a b` and "b" by `b GRAM b`, and
 * neither token can come from anything else (a term holding a marker is not looked up here).
 */
export const GRAM = "\u0001";
const EDGE = "\u0003";

/** The text indexed for `value` (already lower-cased): one GRAM-led pair per adjacent pair of ⟨EDGE value EDGE⟩. */
export function searchGramsText(value: string): string {
  const chars = [EDGE, ...value, EDGE];
  let text = "";
  for (let i = 0; i + 1 < chars.length; i += 1) text += GRAM + chars[i] + chars[i + 1];
  return text;
}

/** The one trigram that finds `term` (1–2 code points, lower-cased), or null when this index cannot answer it. */
export function searchGramToken(term: string): string | null {
  const chars = [...term];
  if (chars.some((c) => c === GRAM || c === EDGE || c === "\0")) return null;
  if (chars.length === 1) return chars[0] + GRAM + chars[0];
  if (chars.length === 2) return GRAM + chars[0] + chars[1];
  return null;
}
