// The origin the admin is opened on, shared by the browser tests (harness.ts) and the editor
// benchmark (bench/browser.ts): the production admin build at /app, every other path passed to
// the app. A build cannot know the app's port: one origin keeps backendUrl "/" and the session cookie.
import http from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"

/** Serves the admin build at /app and passes everything else to the app on `backendPort`. */
export async function startFront(adminDir: string, backendPort: number) {
  const medusaDir = path.dirname(require.resolve("@medusajs/medusa/package.json"))
  const express = require(require.resolve("express", { paths: [medusaDir] }))
  const { serve } = require(require.resolve("@medusajs/admin-bundler", { paths: [medusaDir] }))
  const app = express()
  app.use("/app", await serve({ outDir: adminDir }))
  // Hop-by-hop headers stay on their own connection.
  const endToEnd = ({ connection: _c, "keep-alive": _k, ...headers }: http.IncomingHttpHeaders) => headers
  app.use((req: http.IncomingMessage, res: http.ServerResponse) => {
    // A connection per request: a pooled one may be closed by the app's keep-alive timer just
    // as it is reused (ECONNRESET), and pages make few enough calls.
    const upstream = http.request(
      { host: "localhost", port: backendPort, method: req.method, path: req.url, headers: endToEnd(req.headers), agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers))
        answer.pipe(res)
      }
    )
    upstream.on("error", (error) => res.destroy(error))
    req.pipe(upstream)
  })
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve))
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
