// Case-insensitive look-ups and searches that mean what they say. Prisma's `mode: "insensitive"`
// compiles to Postgres ILIKE with the value as the pattern, so `_` and `%` in an address, a name or a
// search stayed wildcards: adding the member `_arol@example.test` matched carol. Every such look-up
// goes through these, which escape the pattern characters (ILIKE's default escape is the backslash).

/** Exactly this text, ignoring case. */
export const sameText = (value: string) => ({ equals: escapeLike(value), mode: "insensitive" as const });

/** Contains this text, ignoring case; `_`, `%` and `\` are taken literally. */
export const containsText = (value: string) => ({ contains: escapeLike(value), mode: "insensitive" as const });

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
