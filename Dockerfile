# The welfare-flow app as an image (docker-compose.yml builds it for the service `app`).
# `npm ci` installs everything, dev dependencies included, because its postinstall generates the Prisma client
# (prisma) and bundles the browser code (esbuild); there is no other build step: tsx runs the TypeScript sources.
FROM node:20-bookworm-slim
WORKDIR /app
# the sources first: postinstall needs prisma/schema.prisma, scripts/ and web/client/
COPY . .
RUN npm ci --no-audit --no-fund \
  && mkdir -p /app/data \
  && chown -R node:node /app/data
USER node
ENV PORT=3000 \
    HOST=0.0.0.0
EXPOSE 3000
# migrations are applied at every start (README, "Configuration"); SIGTERM stops it cleanly
CMD ["npm", "start"]
