// The web app's build: TSX through esbuild (React's automatic JSX runtime), into dist/.
import { defineConfig } from "vite";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  server: {
    // `npx vite` during development: the edge answers GraphQL (HTTP and WebSocket).
    proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true } },
  },
});
