// Direct database access for assertions ("nothing stored"), refused for anything but a local database.
import pg from "pg";
import { e2eEnv } from "./env";

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`e2e refuses to touch a non-local database (${host})`);
}

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  assertLocalDatabase(e2eEnv.DATABASE_URL);
  const client = new pg.Client({ connectionString: e2eEnv.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export const countMeetings = async () => Number((await sql<{ n: string }>('select count(*) as n from "Meeting"'))[0]?.n);
