import { defineConfig } from "@playwright/test";
import { SERVER_LOG, e2eEnv, portalUrl } from "./e2e/env";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: portalUrl,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        // Fake camera and microphone that answer getUserMedia with live tracks, without a prompt.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
      ],
    },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "e2e", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
    // After every spec: the portal's own output must hold no secret and no personal data.
    { name: "logs", testMatch: /server-log\.check\.ts/, dependencies: ["e2e"] },
  ],
  webServer: [
    {
      command: "npx tsx e2e/many-groups.ts && npx tsx scripts/dev-idp.ts",
      url: `${e2eEnv.KEYCLOAK_ISSUER}/.well-known/openid-configuration`,
      env: { ...e2eEnv },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Production build, as deployed (`npm test` builds first), on a freshly migrated database. Its
      // output is kept for e2e/server-log.check.ts and still shown (tee to stderr).
      command: `npx tsx e2e/prepare-db.ts && mkdir -p reports && node .next/standalone/server.js 2>&1 | tee ${SERVER_LOG} >&2`,
      url: `${portalUrl}/api/health`,
      env: { ...e2eEnv },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
