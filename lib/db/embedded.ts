// The quick start's embedded Postgres: PGlite behind @electric-sql/pglite-socket.
//
// PGlite is one Postgres session shared by every socket. The socket server (0.2.x) queues each
// wire-protocol message on its own, not a whole Parse/Bind/Execute/Sync exchange, and keeps one
// client's messages together only inside an explicit transaction. When a query arrives in several
// TCP chunks (a large value, a busy event loop), another connection's Parse runs between its Parse
// and its Bind, replacing the session's unnamed statement: "bind message supplies 6 parameters, but
// prepared statement requires 5". Hence the portal talks to it over a single connection.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { env: { DATABASE_URL: string; DATABASE_POOL_MAX: string }; stop: () => Promise<void> };

/** dataDir: where the data lives (undefined: in memory); port 0 picks a free one. */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port: number }): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(opts.dataDir);
  // Other connections may be open now and then (the migration tool closing while the portal opens
  // its own, a one-off script); the portal's pool keeps to one.
  const server = new PGLiteSocketServer({ db, port: opts.port, host: "127.0.0.1", maxConnections: 20 });
  await server.start();
  const address = server.getServerConn();
  return {
    env: { DATABASE_URL: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`, DATABASE_POOL_MAX: "1" },
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
