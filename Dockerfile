# One image for the gateway, the four subgraphs and the migration Job (deploy/helm/kayak picks the
# entry file per container). Build from the repository root: docker build -t kayak-supergraph .
# The services run their TypeScript through tsx, as `npm start` does (scripts/start.ts).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# npm ci needs every workspace's package.json, hence the whole tree (.dockerignore keeps out
# node_modules, .env and local state). generate-cli writes the Prisma client, the resolver types and
# gateway/supergraph.graphql, all git-ignored; it needs no database.
RUN npm ci --no-audit --no-fund \
 && npx tsx scripts/generate-cli.ts \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The CLI scripts (migrate, db:init) load /app/.env; an empty one keeps them from writing one with
# generated secrets: every setting comes from the container's environment.
RUN : > /app/.env
# The image's unprivileged user (uid 1000); tsx caches its transpiled files in /tmp.
USER node
EXPOSE 4000 4001 4002 4003 4004
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["gateway/src/index.ts"]
