// GET /api/health — liveness for the proxy and orchestrators: is the database answering?
import { NextResponse } from "next/server";
import { databaseAnswers } from "@/lib/db/probe";
import { unavailable } from "@/lib/errors";

export async function GET() {
  if (!(await databaseAnswers())) return unavailable();
  return NextResponse.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
