// CORS in a real browser: a page served from a second origin calls the hooks with fetch. It
// succeeds from the origin the service lists (--cors-origin) and the browser blocks it from
// any other.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startService, launch, exampleRequest } from "./helpers.mjs";

// The second origin's page: fetches the service's order-sign hook and writes what happened.
const PAGE = `<!doctype html><meta charset="utf-8"><title>EHR</title><script>
const service = new URLSearchParams(location.search).get("service");
fetch("/request.json").then((r) => r.text()).then((body) =>
  fetch(service + "/cds-services/edx-coverage-order-sign", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": "Bearer for-the-preflight" },
    body,
  }))
  .then(async (r) => { const a = await r.json(); document.body.dataset.result = r.status + " " + a.cards.length; })
  .catch((e) => { document.body.dataset.result = "blocked: " + e.name; });
</script><body></body>`;

function origin() {
  const server = createServer((req, res) => {
    if (req.url.startsWith("/request.json")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(exampleRequest());
    } else {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(PAGE);
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () =>
    resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

let allowed;
let other;
let service;
let browser;

before(async () => {
  allowed = await origin();
  other = await origin();
  service = await startService(["--cors-origin", allowed.url]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await service?.stop();
  allowed?.server.close();
  other?.server.close();
});

async function callFrom(site) {
  const page = await browser.context.newPage();
  const console = [];
  page.on("console", (m) => console.push(m.text()));
  await page.goto(`${site.url}/?service=${encodeURIComponent(service.base)}`);
  await page.waitForSelector("body[data-result]", { state: "attached" });
  const result = await page.evaluate(() => document.body.dataset.result);
  await page.close();
  return { result, console: console.join("\n") };
}

async function hookAnswers() {
  const text = await (await fetch(`${service.base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('edx_cds_http_requests_total{route="service",status="200"}'));
  return line ? Number(line.split(" ").pop()) : 0;
}

test("the configured origin's page calls the hook", async () => {
  const { result, console } = await callFrom(allowed);
  assert.equal(result, "200 1");
  assert.doesNotMatch(console, /CORS/);
  assert.equal(await hookAnswers(), 1);
});

test("another origin's page is blocked by the browser", async () => {
  const { result, console } = await callFrom(other);
  assert.equal(result, "blocked: TypeError");
  assert.match(console, /blocked by CORS policy/);
  assert.deepEqual(browser.offsite, []);
  // The preflight failed, so the call itself was never sent.
  assert.equal(await hookAnswers(), 1);
});
