// GET /api/live — liveness: the process answers. Unlike /api/health it never touches the database,
// so an orchestrator does not restart healthy portals while Postgres is briefly away.
import { NextResponse } from "next/server";

export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
