# syntax=docker/dockerfile:1
# Targets: `runtime` (default, WebAssembly TensorFlow backend) and `gpu` (CUDA + @tensorflow/tfjs-node-gpu).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# The main thread's young generation at 16 MB (8 MB semi-spaces) instead of V8's up to 128 MB: a busy
# bot grew it to that while a 28k-track library was trained and sorted (bench:responsiveness).
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HTTP_PORT=3000 \
    NODE_OPTIONS=--max-semi-space-size=8
WORKDIR /app
# Fonts for the summary charts (@napi-rs/canvas draws no text without one): DejaVu for the text,
# Noto Color Emoji for the emoji in playlist names (CHART_EMOJI_FONT points at it).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-color-emoji \
  && rm -rf /var/lib/apt/lists/*
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

# GPU image: same app on a CUDA base with the native GPU backend (TFJS_BACKEND=auto picks it when a GPU answers).
FROM ${NODE_IMAGE} AS node-binary

FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS gpu
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HTTP_PORT=3000 \
    TFJS_BACKEND=auto \
    NODE_OPTIONS=--max-semi-space-size=8
COPY --from=node-binary /usr/local/bin/node /usr/local/bin/node
COPY --from=node-binary /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-color-emoji \
  && rm -rf /var/lib/apt/lists/* \
  && ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-save @tensorflow/tfjs-node-gpu@4.22.0 && npm cache clean --force \
  && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
