import type { NextConfig } from "next";
// Importing env validates every setting: a bad value stops the server at startup, not at the first request.
import "./lib/env";
import { securityHeaders } from "./lib/security-headers";

const config: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // The one header policy (lib/security-headers.ts) on every response, static files and route handlers
  // included; proxy.ts replaces the CSP with one carrying its nonce on what it sees.
  // `next start` in CI and on the developer's machine counts as production; only `next dev` relaxes.
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders().map(([key, value]) => ({ key, value })) }];
  },
  serverExternalPackages: ["@prisma/schema-engine-wasm"],
  // forbidden(): a real 403 page for signed-in people outside the admin area.
  experimental: { authInterrupts: true },
};

export default config;
