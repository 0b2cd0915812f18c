import { defineConfig } from "@playwright/test";
import { e2eEnv, portalUrl, sameOriginHeaders } from "./e2e/env";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: portalUrl,
    // Requests made by the tests themselves (page.request, request) come from the portal's pages, as a
    // browser's fetch would say: the state-changing routes refuse anything else (issue 14).
    extraHTTPHeaders: sameOriginHeaders,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "e2e", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "npx tsx scripts/dev-idp.ts",
      url: `${e2eEnv.KEYCLOAK_ISSUER}/.well-known/openid-configuration`,
      env: { ...e2eEnv },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Production build, as deployed (`npm test` builds first), on a freshly migrated database.
      command: "npx tsx e2e/prepare-db.ts && node .next/standalone/server.js",
      url: `${portalUrl}/api/health`,
      env: { ...e2eEnv },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
