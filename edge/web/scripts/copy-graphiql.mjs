// After `vite build`: copy the GraphiQL bundles into dist/graphiql next to its page
// (public/graphiql/index.html). GraphiQL is served from these local copies because the
// edge must work offline (Strawberry's default IDE page loads them from a CDN).
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const modules = join(root, "node_modules");

// [package file, destination under dist/]: React 18 UMD globals first, then GraphiQL 3's UMD.
const GRAPHIQL_ASSETS = [
  ["react/umd/react.production.min.js", "graphiql/react.production.min.js"],
  ["react-dom/umd/react-dom.production.min.js", "graphiql/react-dom.production.min.js"],
  ["graphiql/graphiql.min.js", "graphiql/graphiql.min.js"],
  ["graphiql/graphiql.min.js.map", "graphiql/graphiql.min.js.map"],
  ["graphiql/graphiql.min.css", "graphiql/graphiql.min.css"],
  ["graphiql/graphiql.min.css.map", "graphiql/graphiql.min.css.map"],
];

mkdirSync(join(dist, "graphiql"), { recursive: true });
for (const [source, destination] of GRAPHIQL_ASSETS) {
  const from = join(modules, source);
  if (!existsSync(from)) {
    console.error(`missing ${from}: run \`npm ci\` in edge/web first`);
    process.exit(1);
  }
  cpSync(from, join(dist, destination));
}
console.log(`copied GraphiQL into ${join(dist, "graphiql")}`);
