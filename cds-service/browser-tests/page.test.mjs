// The coverage-check page in a real browser: a case filled in and checked, the three
// readers' texts (each the service's own answer for that reader), the keyboard, labels,
// nothing loaded from elsewhere; and a bad diagnosis code shown at its field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startService, launch, screenshotPath } from "./helpers.mjs";

let service;
let browser;

before(async () => {
  service = await startService(["--ui"]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

async function openPage() {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // (A refused call is logged by the browser itself as a failed resource: not a page error.)
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  await page.goto(`${service.base}/`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors };
}

// The case the test fills in, as the wire format has it.
const CASE = {
  diagnoses: [{ code: "R25.2" }],
  findings: [{ kind: "fasciculations", status: "present", source: "exam" }],
  conservative_trials: [{ therapy: "stretching", outcome: "unchanged", duration_days: 42 }],
  labs: [{ test: "magnesium", result: "normal" }],
  procedures: [{ cpt: "95910", studies: 8 }, { cpt: "95886" }],
};
const POLICY = { min_trial_days: 0, require_differential: true, accept_symptom_codes_with_support: false, require_needle_emg_with_ncs: true };

async function serviceAnswer(audience, path = "/v1/evaluate") {
  const r = await fetch(`${service.base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ case: CASE, policy: POLICY, audience }),
  });
  assert.equal(r.status, 200);
  return r.json();
}

async function waitForReader(page, audience) {
  await page.waitForSelector(`#explanation[data-audience=${audience}]`);
  return page.locator("#explanation").innerText();
}

test("a case filled in on the page is checked for each of the three readers", async () => {
  const { page, errors } = await openPage();

  // Every control has a label.
  const unlabelled = await page.$$eval("input, select", (all) =>
    all.filter((e) => e.labels.length === 0).map((e) => e.outerHTML));
  assert.deepEqual(unlabelled, []);

  // The diagnosis code typed with the keyboard.
  await page.getByLabel("Code (diagnosis code 1)").focus();
  await page.keyboard.type("R25.2");
  await page.getByLabel("Finding (finding 1)").selectOption("fasciculations");
  await page.getByLabel("Status (finding 1)").selectOption("present");
  await page.getByLabel("Source (finding 1)").selectOption("exam");
  await page.getByLabel("Therapy (trial 1)").selectOption("stretching");
  await page.getByLabel("Outcome (trial 1)").selectOption("unchanged");
  await page.getByLabel("Days (trial 1)").fill("42");
  await page.getByLabel("Test (lab result 1)").selectOption("magnesium");
  await page.getByLabel("Result (lab result 1)").selectOption("normal");
  await page.getByLabel("CPT code (claim line 1)").selectOption("95910");
  await page.getByLabel("Studies (claim line 1)").fill("8");
  // A second claim line, added with the keyboard.
  await page.getByRole("button", { name: "Add a claim line" }).focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent), "CPT code (claim line 2)");
  await page.getByLabel("CPT code (claim line 2)").selectOption("95886");

  // Patient first (the default), submitted with Enter from a field.
  await page.getByLabel("Code (diagnosis code 1)").press("Enter");
  const patient = await waitForReader(page, "patient");
  assert.match(await page.locator("#outlook").innerText(), /Outlook: At risk of denial/);
  assert.equal(await page.locator("#explanation-title").innerText(), "What it means for you");
  const wantPatient = await serviceAnswer("patient");
  assert.equal(wantPatient.determination.coverage, "at_risk");
  // The text is /v1/plan's for the reader: the explanation with the path in their words.
  assert.equal(await page.locator("#explanation").getAttribute("data-path"), "true");
  assert.equal(patient.trim(), (await serviceAnswer("patient", "/v1/plan")).explanation.trim());
  assert.notEqual(patient.trim(), wantPatient.explanation.trim());
  assert.match(patient, /It is not a decision by your health plan/);
  assert.match(patient, /What could change the answer\?/);
  assert.doesNotMatch(patient, /R25\.2|95910/);
  const shot = screenshotPath("ui-patient.png");
  if (shot) await page.screenshot({ path: shot, fullPage: true });

  // Clinician, chosen with the arrow key in the reader group.
  await page.getByLabel("I am a patient, or I help one").focus();
  await page.keyboard.press("ArrowDown");
  const clinician = await waitForReader(page, "clinician");
  assert.equal(await page.locator("#explanation-title").innerText(), "For the ordering clinician");
  assert.equal(clinician.trim(), (await serviceAnswer("clinician", "/v1/plan")).explanation.trim());
  assert.match(clinician, /^Verdict: At risk/);
  assert.match(clinician, /Path to coverage: at risk now; likely covered after these steps/);
  assert.match(clinician, /\[RF-FASCICULATIONS\]/);
  const shot2 = screenshotPath("ui-clinician.png");
  if (shot2) await page.screenshot({ path: shot2, fullPage: true });

  // Coder.
  await page.keyboard.press("ArrowDown");
  const coder = await waitForReader(page, "coder");
  assert.equal(await page.locator("#explanation-title").innerText(), "For coding and billing");
  assert.equal(coder.trim(), (await serviceAnswer("coder", "/v1/plan")).explanation.trim());
  assert.match(coder, /R25\.2 Cramp and spasm/);
  assert.match(coder, /What would get this covered:/);
  assert.match(coder, /95910 \(NCS\), 1 unit, 8 studies documented/);
  assert.match(coder, /R25\.3/);
  const shot3 = screenshotPath("ui-coder.png");
  if (shot3) await page.screenshot({ path: shot3, fullPage: true });

  // The three texts differ.
  assert.notEqual(patient, clinician);
  assert.notEqual(clinician, coder);

  // The path shown is the service's plan for this case.
  const planned = await serviceAnswer("coder", "/v1/plan");
  assert.equal(planned.plan.from, "at_risk");
  assert.equal(planned.plan.target, "likely_covered");
  assert.equal(planned.plan_text, undefined);

  assert.deepEqual(errors, []);
  assert.deepEqual(browser.offsite, []);
  await page.close();
});

test("a bad diagnosis code is shown at its field", async () => {
  const { page, errors } = await openPage();
  await page.getByLabel("Code (diagnosis code 1)").fill("R25.2");
  await page.getByRole("button", { name: "Add a diagnosis code" }).click();
  await page.getByLabel("Code (diagnosis code 2)").fill("R2");
  await page.getByRole("button", { name: "Check coverage" }).click();

  const field = page.getByLabel("Code (diagnosis code 2)");
  await page.waitForSelector("[aria-invalid=true]");
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByLabel("Code (diagnosis code 1)").getAttribute("aria-invalid"), null);
  // The message is next to the field: in the field's own box, and named by it.
  const message = await field.evaluate((input) => {
    const id = input.getAttribute("aria-errormessage");
    const slot = document.getElementById(id);
    return {
      text: slot.textContent,
      beside: input.closest(".field").contains(slot),
      visible: !slot.hidden,
      describes: input.getAttribute("aria-describedby").split(" ").includes(id),
      focused: document.activeElement === input,
    };
  });
  assert.equal(message.text, 'Error: "R2" is not an ICD-10-CM code');
  assert.deepEqual([message.beside, message.visible, message.describes, message.focused], [true, true, true, true]);
  // The summary at the top says it too, and no answer is shown.
  assert.match(await page.locator("#summary").innerText(), /"R2" is not an ICD-10-CM code/);
  assert.equal(await page.locator("#result").isVisible(), false);

  // Corrected, the error goes and the answer comes.
  await field.fill("R25.3");
  await field.press("Enter");
  await waitForReader(page, "patient");
  assert.equal(await page.locator("[aria-invalid=true]").count(), 0);
  assert.equal(await page.locator("#summary").isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});
