import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // "server-only" throws outside React Server Components; unit tests run the same modules in plain Node.
      "server-only": fileURLToPath(new URL("./test/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "docker/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // lib/env.ts validates at import; unit tests get a complete, obviously-fake configuration.
    env: {
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
      NEXTAUTH_URL: "http://127.0.0.1:3000",
      NEXTAUTH_SECRET: "unit-test-nextauth-secret-0123456789abcdef",
      KEYCLOAK_ISSUER: "http://127.0.0.1:8180/realms/portal",
      KEYCLOAK_CLIENT_ID: "meeting-portal",
      KEYCLOAK_CLIENT_SECRET: "unit-test-client-secret",
      ROOM_NAME_SECRET: "unit-test-room-name-secret-0123456789abcdef",
      JITSI_DOMAIN: "meet.example.test",
      JITSI_APP_SECRET: "unit-test-jitsi-app-secret-0123456789abcdef",
    },
  },
});
