// `tsc --noEmit` over the plugin (with its tests) and over its admin, side by side: on 2 cores the
// two checks take the time of the longer one, ahead of every `npm test`.
import { spawn } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc")

const check = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("exit", (code) => resolve({ project, code, output }))
  })

const results = await Promise.all(["tsconfig.test.json", "src/admin/tsconfig.json"].map(check))
for (const { project, code, output } of results) {
  if (code !== 0) process.stderr.write(`tsc -p ${project} failed:\n${output}`)
}
process.exit(results.some(({ code }) => code !== 0) ? 1 : 0)
