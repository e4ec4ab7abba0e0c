# One image for both apps; compose picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# A 64 MB young generation: an index build's per-batch objects die young instead of being
# promoted; at 1M documents that halves the time spent in scavenges (README, benchmarks).
ENV NODE_OPTIONS=--max-semi-space-size=64
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
CMD ["node", "dist/apps/api/src/main.js"]
