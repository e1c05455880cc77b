# syntax=docker/dockerfile:1
#
# One image for every Atelier process:
#   API (default)   node dist/src/main.js
#   Temporal worker node dist/src/worker.js   (bundles dist/workflows/index.js at start)
#   Migrations      node dist/src/platform/database/migrate.js

# ---- builder: install everything, compile, then drop dev dependencies ----
FROM node:24-bookworm-slim AS builder
WORKDIR /app
# No telemetry from install scripts (@scarf/scarf).
ENV SCARF_ANALYTICS=false DO_NOT_TRACK=1

COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile lacks some platform-specific optional packages.
RUN npm install --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# The local stack (npm start) and the test doubles (fake Twilio and S3, scratch databases) stay out of the image.
RUN npm run build \
 && rm -rf dist/src/dev dist/src/local-stack \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app

# Owned by root, read-only for the app user.
COPY --from=builder /app/package.json ./package.json
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist
# The photo folder (a volume in docker-compose.yml): a new named volume takes this owner.
RUN mkdir -p /var/lib/atelier/files && chown node:node /var/lib/atelier/files

USER node
EXPOSE 3000

# For the API only; the worker and migrate services disable it in docker-compose.yml.
# Slim images have no curl, so probe with Node's built-in fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "dist/src/main.js"]
