// A database of a test's own on the test server, beside the shared one: empty, then dropped after.
import pg from "pg";

const admin = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the test server. */
export const scratchUrl = (name: string) => `${admin.replace(/\/[^/]*$/, "")}/${name}`;

/** Database `name`, made anew and empty; returns its URL. */
export async function emptyDatabase(name: string): Promise<string> {
  await dropDatabase(name);
  await adminQuery(`create database ${name}`);
  return scratchUrl(name);
}

export const dropDatabase = (name: string) => adminQuery(`drop database if exists ${name} with (force)`);

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
