# The explorer's image, for compose.yaml: the production build (`npm run serve`) and, with another command,
# the one worker process (`node --import tsx workers/main.ts`).
FROM node:22-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so a source change does not reinstall them; patches/ is applied by postinstall.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV HOSTNAME=0.0.0.0 PORT=3000
EXPOSE 3000
CMD ["npm", "run", "serve"]
