// The coverage-check page: builds a case in the wire format from the form, calls the
// service's JSON API with fetch, and shows the answer for the chosen reader. Plain
// JavaScript, no library, nothing loaded from anywhere but this service. The value lists
// (finding kinds, therapies, CPT codes, ...) come from the service's /openapi.json, which
// carries the library's own schemas, so the page cannot drift from what the library reads.
"use strict";

(() => {
  const form = document.getElementById("case-form");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const outlook = document.getElementById("outlook");
  const explanation = document.getElementById("explanation");
  const explanationTitle = document.getElementById("explanation-title");

  const TITLES = {
    patient: "What it means for you",
    clinician: "For the ordering clinician",
    coder: "For coding and billing",
  };
  const OUTLOOK = {
    likely_covered: ["\u2714", "Likely covered"],
    at_risk: ["\u26A0", "At risk of denial"],
    likely_denied: ["\u2716", "Likely denied"],
  };

  // What a row of each list holds: [member, label, kind, schema name or input attributes].
  const LISTS = {
    diagnoses: { noun: "diagnosis code", fields: [["code", "Code", "text", { placeholder: "R25.2", autocomplete: "off", spellcheck: "false" }]] },
    findings: { noun: "finding", fields: [["kind", "Finding", "select", "FindingKind"], ["status", "Status", "select", "FindingStatus"], ["source", "Source", "select", "FindingSource"]] },
    conservative_trials: { noun: "trial", fields: [["therapy", "Therapy", "select", "Therapy"], ["outcome", "Outcome", "select", "TrialOutcome"], ["duration_days", "Days", "number", { min: "0", step: "1" }]] },
    labs: { noun: "lab result", fields: [["test", "Test", "select", "LabTest"], ["result", "Result", "select", "LabOutcome"]] },
    procedures: { noun: "claim line", fields: [["cpt", "CPT code", "select", "CptCode"], ["units", "Units", "number", { min: "1", max: "99", step: "1", placeholder: "1" }], ["studies", "Studies", "number", { min: "1", max: "99", step: "1" }]] },
  };

  let vocab = {};
  let planAvailable = false;
  let lastCase = null; // the last case the service accepted, for a change of reader
  let uid = 0;

  const words = (v) => v.replace(/_/g, " ");

  function enumOf(schemas, name) {
    const s = schemas[name];
    if (!s) return [];
    if (Array.isArray(s.enum)) return s.enum;
    for (const branch of s.anyOf || []) if (Array.isArray(branch.enum)) return branch.enum;
    return [];
  }

  function element(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function control(list, spec) {
    const [member, label, kind, extra] = spec;
    const id = `f${++uid}`;
    const field = element("div", { class: "field" });
    const lab = element("label", { for: id });
    field.append(lab);
    let input;
    if (kind === "select") {
      input = element("select", { id });
      // The first choice is "not given": the member is left out of the case.
      const optional = (list === "findings" && member !== "kind");
      input.append(element("option", { value: "" }, optional ? "(not said)" : "Choose\u2026"));
      for (const v of vocab[extra] || []) input.append(element("option", { value: v }, words(v)));
    } else {
      input = element("input", Object.assign({ id, type: kind }, extra || {}));
      if (kind === "number") input.setAttribute("inputmode", "numeric");
    }
    input.dataset.member = member;
    input.dataset.label = label;
    const error = element("p", { class: "error", id: `${id}-error`, hidden: "" });
    field.append(input, error);
    return field;
  }

  function addRow(fieldset, values) {
    const list = fieldset.dataset.list;
    const row = element("div", { class: "row", role: "group" });
    for (const spec of LISTS[list].fields) row.append(control(list, spec));
    const remove = element("button", { type: "button", class: "remove" }, "Remove");
    remove.addEventListener("click", () => {
      const rows = fieldset.querySelector(".rows");
      row.remove();
      renumber(fieldset);
      const next = rows.querySelector(".row button.remove") || fieldset.querySelector("button.add");
      next.focus();
    });
    row.append(remove);
    fieldset.querySelector(".rows").append(row);
    for (const [member, v] of Object.entries(values || {})) {
      const input = row.querySelector(`[data-member="${member}"]`);
      if (input) input.value = String(v);
    }
    renumber(fieldset);
    return row;
  }

  function renumber(fieldset) {
    const noun = LISTS[fieldset.dataset.list].noun;
    fieldset.querySelectorAll(".row").forEach((row, i) => {
      const n = i + 1;
      row.setAttribute("aria-label", `${noun} ${n}`);
      row.querySelectorAll("[data-member]").forEach((input) => {
        const label = row.querySelector(`label[for="${input.id}"]`);
        label.textContent = `${input.dataset.label} (${noun} ${n})`;
      });
      row.querySelector("button.remove").textContent = `Remove ${noun} ${n}`;
    });
  }

  function fillChecks(fieldset) {
    const box = fieldset.querySelector(".checks");
    box.replaceChildren();
    for (const v of vocab[fieldset.dataset.schema] || []) {
      const id = `f${++uid}`;
      const field = element("div", { class: "field check" });
      const input = element("input", { id, type: "checkbox", value: v });
      field.append(input, element("label", { for: id }, words(v)));
      box.append(field);
    }
    box.append(element("p", { class: "error", id: `f${++uid}-error`, hidden: "" }));
  }

  // The case and policy as the wire format has them, and where each path came from.
  function readForm() {
    const where = {};
    const kase = {};
    for (const fieldset of form.querySelectorAll("fieldset[data-list]")) {
      const list = fieldset.dataset.list;
      const key = LISTS[list].fields[0][0];
      const entries = [];
      for (const row of fieldset.querySelectorAll(".row")) {
        const first = row.querySelector(`[data-member="${key}"]`);
        const rest = [...row.querySelectorAll("[data-member]")].filter((i) => i.value.trim() !== "");
        if (first.value.trim() === "" && rest.length === 0) continue; // an empty row
        const entry = {};
        const path = `case.${list}[${entries.length}]`;
        where[path] = row;
        for (const input of row.querySelectorAll("[data-member]")) {
          const raw = input.value.trim();
          where[`${path}.${input.dataset.member}`] = input;
          if (raw === "") continue;
          entry[input.dataset.member] = input.type === "number" && /^\d+$/.test(raw) ? Number(raw) : raw;
        }
        entries.push(entry);
      }
      if (entries.length > 0 || list === "diagnoses") kase[list] = entries;
      where[`case.${list}`] = fieldset;
    }
    for (const fieldset of form.querySelectorAll("fieldset[data-checks]")) {
      const list = fieldset.dataset.checks;
      const checked = [...fieldset.querySelectorAll("input:checked")];
      checked.forEach((input, i) => { where[`case.${list}[${i}]`] = input; });
      where[`case.${list}`] = fieldset;
      if (checked.length > 0) kase[list] = checked.map((i) => i.value);
    }
    const policy = {};
    for (const input of form.querySelectorAll('#policy [data-path^="policy."]')) {
      const member = input.dataset.path.slice("policy.".length);
      where[input.dataset.path] = input;
      if (input.type === "checkbox") policy[member] = input.checked;
      else {
        const raw = input.value.trim();
        policy[member] = /^\d+$/.test(raw) ? Number(raw) : raw;
      }
    }
    where.policy = document.getElementById("policy");
    where.case = form;
    return { kase, policy, where };
  }

  function audience() {
    return form.querySelector('input[name="audience"]:checked').value;
  }

  function clearErrors() {
    summary.hidden = true;
    summary.replaceChildren();
    for (const e of form.querySelectorAll(".error")) { e.hidden = true; e.textContent = ""; }
    for (const e of form.querySelectorAll("[aria-invalid]")) {
      e.removeAttribute("aria-invalid");
      e.removeAttribute("aria-errormessage");
    }
    for (const e of form.querySelectorAll("[data-described]")) {
      e.setAttribute("aria-describedby", e.dataset.described);
      delete e.dataset.described;
    }
  }

  // The nearest element the form has for `path`: the field itself, else its row or list.
  function locate(where, path) {
    let p = path;
    while (p) {
      if (where[p]) return where[p];
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function showError(where, path, message) {
    const target = locate(where, path);
    const text = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
    clearErrors();
    let slot = null;
    let focus = null;
    if (target && target.matches("input, select")) {
      slot = target.parentElement.querySelector(".error");
      focus = target;
    } else if (target && target.classList.contains("row")) {
      slot = target.querySelector(".error");
      focus = target.querySelector("input, select");
    } else if (target && target.tagName === "FIELDSET") {
      slot = target.querySelector(":scope > .error, :scope > .checks > .error");
      if (!slot) {
        slot = element("p", { class: "error", id: `f${++uid}-error` });
        target.querySelector("legend").after(slot);
      }
      focus = target.querySelector("input, select, button");
    }
    if (slot) {
      slot.textContent = `Error: ${text}`;
      slot.hidden = false;
      if (focus) {
        focus.setAttribute("aria-invalid", "true");
        focus.setAttribute("aria-errormessage", slot.id);
        focus.dataset.described = focus.getAttribute("aria-describedby") || "";
        focus.setAttribute("aria-describedby", `${focus.dataset.described} ${slot.id}`.trim());
      }
    }
    const intro = element("p", {}, "The service could not check this case: ");
    if (focus) {
      const link = element("a", { href: `#${focus.id}` }, text);
      link.addEventListener("click", (ev) => { ev.preventDefault(); focus.focus(); });
      intro.append(link);
    } else {
      intro.append(text);
    }
    summary.replaceChildren(intro);
    summary.hidden = false;
    (focus || summary).focus();
    status.textContent = "The case was not checked: see the error in the form.";
  }

  async function call(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, answer };
  }

  // The outlook from the determination; the text is the library's for the chosen reader,
  // with the path to coverage in that reader's words when /v1/plan answered (`planned`).
  function render(answer, planned, reader) {
    const coverage = answer.determination.coverage;
    const [mark, word] = OUTLOOK[coverage] || ["", coverage];
    outlook.className = `outlook ${coverage}`;
    outlook.replaceChildren(
      element("span", { class: "mark", "aria-hidden": "true" }, mark),
      element("strong", {}, ` Outlook: ${word}`),
      element("span", {}, ` (testing ${words(answer.determination.indication)})`),
    );
    explanationTitle.textContent = TITLES[reader];
    explanation.textContent = planned ? planned.explanation : answer.explanation;
    explanation.dataset.path = planned ? "true" : "false";
    explanation.dataset.audience = reader;
    result.hidden = false;
  }

  async function check(kase, policy, where) {
    const reader = audience();
    status.textContent = "Checking\u2026";
    let reply;
    try {
      reply = await call("/v1/evaluate", { case: kase, policy, audience: reader });
    } catch (e) {
      status.textContent = `The service could not be reached (${e.message}). Try again.`;
      return;
    }
    const issue = reply.answer && reply.answer.issue && reply.answer.issue[0];
    if (!reply.ok) {
      lastCase = null;
      if (issue) showError(where, (issue.expression || [""])[0], issue.diagnostics);
      else status.textContent = `The service answered ${reply.status}.`;
      return;
    }
    clearErrors();
    lastCase = { kase, policy };
    let planned = null;
    if (planAvailable) {
      try {
        const p = await call("/v1/plan", { case: kase, policy, audience: reader });
        if (p.ok) planned = p.answer;
      } catch (e) { /* the determination's explanation is still shown */ }
    }
    render(reply.answer, planned, reader);
    status.textContent = `Checked. ${outlook.textContent.trim()}.`;
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const { kase, policy, where } = readForm();
    check(kase, policy, where);
  });

  for (const radio of form.querySelectorAll('input[name="audience"]')) {
    radio.addEventListener("change", () => {
      explanationTitle.textContent = TITLES[audience()];
      if (lastCase) check(lastCase.kase, lastCase.policy, readForm().where);
    });
  }

  form.addEventListener("reset", () => {
    setTimeout(() => {
      for (const fieldset of form.querySelectorAll("fieldset[data-list]")) {
        fieldset.querySelector(".rows").replaceChildren();
        addRow(fieldset);
      }
      clearErrors();
      lastCase = null;
      result.hidden = true;
      status.textContent = "Fill in the case and choose Check coverage.";
    });
  });

  document.getElementById("example").addEventListener("click", () => {
    const set = (list, rows) => {
      const fieldset = form.querySelector(`fieldset[data-list="${list}"]`);
      fieldset.querySelector(".rows").replaceChildren();
      for (const r of rows) addRow(fieldset, r);
    };
    set("diagnoses", [{ code: "R25.2" }]);
    set("findings", [{ kind: "fasciculations", status: "present", source: "exam" }, { kind: "nocturnal_cramps" }]);
    set("conservative_trials", [{ therapy: "stretching", outcome: "unchanged", duration_days: 42 }]);
    set("labs", [{ test: "magnesium", result: "normal" }]);
    set("procedures", [{ cpt: "95910", studies: 8 }, { cpt: "95886" }]);
    for (const input of form.querySelectorAll("fieldset[data-checks] input")) input.checked = false;
    status.textContent = "An example case is filled in. Choose Check coverage.";
  });

  async function start() {
    try {
      const doc = await (await fetch("/openapi.json")).json();
      const schemas = doc.components.schemas;
      for (const name of ["FindingKind", "FindingStatus", "FindingSource", "Therapy", "TrialOutcome", "LabTest", "LabOutcome", "CptCode", "DifferentialCondition", "NeedleEmgException"]) {
        vocab[name] = enumOf(schemas, name);
      }
      planAvailable = Boolean(doc.paths["/v1/plan"]);
    } catch (e) {
      status.textContent = `The page could not load its value lists (${e.message}).`;
      return;
    }
    for (const fieldset of form.querySelectorAll("fieldset[data-list]")) {
      fieldset.querySelector("button.add").addEventListener("click", () => {
        const row = addRow(fieldset);
        row.querySelector("input, select").focus();
      });
      addRow(fieldset);
    }
    for (const fieldset of form.querySelectorAll("fieldset[data-checks]")) fillChecks(fieldset);
    document.body.dataset.ready = "true";
  }

  start();
})();
