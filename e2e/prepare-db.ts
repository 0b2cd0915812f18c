// A fresh scratch database with every migration applied. Run by the portal's webServer command
// before `next start`, because Playwright starts web servers before any global setup.
import pg from "pg";
import { applyMigrations } from "../lib/db/migrations";
import { assertLocalDatabase } from "./db";
import { E2E_DATABASE, POSTGRES_ADMIN_URL, e2eEnv } from "./env";

assertLocalDatabase(POSTGRES_ADMIN_URL);
const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
await admin.connect();
await admin.query(`drop database if exists ${E2E_DATABASE} with (force)`);
await admin.query(`create database ${E2E_DATABASE}`);
await admin.end();
await applyMigrations(e2eEnv.DATABASE_URL);
