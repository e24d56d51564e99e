import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  server: { port: 3000 },
  build: { target: "es2019" },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    // The browser's files are compressed once at build time (gzip and brotli, at their best levels) and served
    // as they are (server.ts), so no request spends CPU compressing a script.
    !isSsrBuild &&
      compression({
        algorithms: [
          ["gzip", { level: 9 }],
          ["brotliCompress", {}],
        ],
        include: /\.(js|css|svg|json|html|txt)$/,
      }),
  ],
}));
