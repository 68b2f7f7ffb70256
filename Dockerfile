# syntax=docker/dockerfile:1
# idsync: the daemon (`idsync start`) with its status API and page.
#   docker build -t idsync .
#   docker run -d -p 8080:8080 \
#     -v "$PWD/config.yaml:/etc/idsync/config.yaml:ro" -v idsync-data:/var/lib/idsync idsync
# config.yaml must set `api.listen: 0.0.0.0:8080` (the default 127.0.0.1 is unreachable from
# outside the container) and an `api.token`; with the embedded database set
# `database.data_dir: /var/lib/idsync` (./data points there too), or give `database.url` / DATABASE_URL for PostgreSQL.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, compile TypeScript to dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY connectors ./connectors
COPY drizzle ./drizzle
# tsc emits only .js: the page's plain script and style travel beside the compiled page module.
RUN npm run build \
 && cp -r src/api/page/assets dist/src/api/page/assets \
 && node dist/src/cli.js --help > /dev/null

# ---- production dependencies only ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Migrations are applied on start; they are found by walking up from dist/ to drizzle/meta.
COPY drizzle ./drizzle
COPY package.json config.example.yaml ./
# The image's unprivileged `node` user (uid 1000) owns only the data volume. ./data (the default
# data_dir of the embedded database) points into it, so a config without data_dir keeps its data.
RUN mkdir -p /etc/idsync /var/lib/idsync \
 && chown node:node /var/lib/idsync \
 && ln -s /var/lib/idsync /app/data
USER node
VOLUME ["/etc/idsync", "/var/lib/idsync"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=process.env.IDSYNC_HEALTH_URL||'http://127.0.0.1:8080/healthz';fetch(p).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/cli.js", "start", "--config", "/etc/idsync/config.yaml"]
