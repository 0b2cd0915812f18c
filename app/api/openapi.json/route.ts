// GET /api/openapi.json — the portal's routes and webhook events (lib/openapi.ts).
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi";

export function GET() {
  return NextResponse.json(openApiDocument(env.NEXTAUTH_URL), { headers: { "Cache-Control": "public, max-age=300" } });
}
