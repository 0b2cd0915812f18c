// Timestamps read through json_build_object: the columns are `timestamp` (UTC, without a zone, as
// Prisma stores them), and JSON spells them without one, which `new Date` would read as local time.
export type JsonTimestamp = string;

export const fromJsonTimestamp = (t: JsonTimestamp) => new Date(`${t}Z`);
export const fromJsonTimestampOrNull = (t: JsonTimestamp | null) => (t === null ? null : fromJsonTimestamp(t));
