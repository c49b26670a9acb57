# One image for both roles: QUELL_ROLE=api serves HTTP, QUELL_ROLE=worker runs the Temporal worker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY scripts ./scripts
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY playbooks ./playbooks
USER node
EXPOSE 3000
# A young generation of 64 MiB semi-spaces: a batch of 500 alerts (the body, its parse, its validation,
# the rows sent to PostgreSQL) dies young instead of being promoted and collected by full GCs.
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
