# Parasol API image: built with dev dependencies, shipped without them.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# A larger young generation: a GraphQL answer allocates many short-lived objects, and with
# the default size the scavenger runs several times a request (measured in bench/: GC time halves).
# The same image runs every part of a deployment (docker-compose.yml): the API and the worker
# with this command (PARASOL_ROLE says which), the one-shot `node dist/src/migrate.js`.
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
