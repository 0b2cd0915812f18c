# The meeting portal image: Next standalone server + a bundled migration runner, as a non-root user.
# Build from the repository root:  docker build -f docker/portal.Dockerfile .
# (docker/compose.yml does this with `build: { context: .., dockerfile: docker/portal.Dockerfile }`.)

# Node 22 LTS: the lockfile holds packages that require Node >= 22, and Node 20 is past end of life.
ARG NODE_IMAGE=node:22.23.2-bookworm-slim

# ---- deps: exactly the lockfile ------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing here needs them (Prisma's engine download is replaced by the
# WebAssembly schema engine; esbuild, SWC and Tailwind ship their binaries as optional packages).
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---- build: Prisma client, Next standalone output, migration bundle -------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The project's `generate` script: `prisma generate` with PRISMA_SCHEMA_ENGINE_BINARY pointing at an
# existing file, so the CLI does not download a native engine it never runs.
RUN npm run generate
# Secrets are runtime settings: nothing is baked into the build, lib/env.ts validates at startup.
RUN SKIP_ENV_VALIDATION=1 npx next build
# scripts/migrate.ts and everything it imports (pg, the Prisma adapter) in one ESM file. The engine
# package stays external: its .wasm is read from node_modules next to the bundle at run time.
# lib/db/migrations.ts finds prisma/ in the working directory (/app).
RUN npx esbuild scripts/migrate.ts --bundle --platform=node --format=esm --target=node22 \
      --outfile=/app/.migrate/migrate.mjs \
      --external:@prisma/schema-engine-wasm --external:pg-native \
      '--banner:js=import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'
# The recordings master key rotation (README "Recordings"), bundled the same way: plain pg, no Prisma client.
RUN npx esbuild scripts/recordings-rotate-key.ts --bundle --platform=node --format=esm --target=node22 \
      --outfile=/app/.migrate/recordings-rotate-key.mjs --external:pg-native \
      '--banner:js=import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'

# ---- runtime ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0

# Root owns the code (the server cannot rewrite itself); only Next's cache directory is writable…
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/.migrate/migrate.mjs ./migrate.mjs
COPY --from=build /app/.migrate/recordings-rotate-key.mjs ./recordings-rotate-key.mjs
COPY --from=build /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm
# Mode 755 comes from the repository (no --chmod: that needs BuildKit).
COPY docker/portal-entrypoint.sh /usr/local/bin/portal-entrypoint
# …and the recordings directory: a new named volume mounted there takes over this owner.
RUN mkdir -p .next/cache /data/recordings && chown node:node .next/cache /data/recordings && chmod 700 /data/recordings

# The `node` user (uid 1000) comes with the official image.
USER node
EXPOSE 3000

# GET /api/health answers 200 only while the database does (503 otherwise).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["portal-entrypoint"]
CMD ["node", "server.js"]
