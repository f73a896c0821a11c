// Shared by the browser tests: start the service binary on an ephemeral loopback port, and
// launch Debian's chromium (never a downloaded browser) with a fresh profile.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const crateDir = join(here, "..");

/** The bundled CDS Hooks example request (order-sign, NCS + needle EMG, R25.2). */
export const exampleRequest = () =>
  readFileSync(join(crateDir, "examples/requests/order-sign-emg-r25.2.json"), "utf8");

/** Starts the service with `args` (authentication off); resolves to { base, stop }. */
export function startService(args = []) {
  const bin = process.env.EDX_CDS_BIN;
  if (!bin) throw new Error("set EDX_CDS_BIN to the built edx-coverage-cds binary");
  const child = spawn(bin, ["--listen", "127.0.0.1:0", "--insecure-no-auth", "--log-format", "json", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the service did not start in 10 s")), 10_000);
    child.on("exit", (code) => reject(new Error(`the service exited with ${code}`)));
    lines.on("line", (line) => {
      let event;
      try { event = JSON.parse(line); } catch { return; }
      if (event.message === "edx-coverage-cds listening") {
        clearTimeout(timer);
        resolve({
          base: `http://${event.listen}`,
          stop: () => new Promise((done) => { child.once("exit", done); child.kill("SIGTERM"); }),
        });
      }
    });
  });
}

/**
 * Debian's chromium, headless, in a fresh profile. Requests are only watched, never
 * intercepted: with interception on, Playwright answers CORS preflights itself, and the CORS
 * test must see the browser's own. `offsite` lists every request that left loopback.
 */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "edx-cds-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const offsite = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname !== "127.0.0.1" && url.protocol !== "data:") offsite.push(url.href);
  });
  return {
    context,
    offsite,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** Where screenshots go: $SCREENSHOT_DIR, or nowhere. */
export const screenshotPath = (name) =>
  process.env.SCREENSHOT_DIR ? join(process.env.SCREENSHOT_DIR, name) : undefined;
