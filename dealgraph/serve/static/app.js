// dealgraph's query page. Everything comes from this server; values from the graph are
// untrusted and only ever rendered with textContent (never innerHTML).
"use strict";

const PREFIXES = {
  "dg:": "https://w3id.org/dealgraph/ontology#",
  "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
  "xsd:": "http://www.w3.org/2001/XMLSchema#",
  "owl:": "http://www.w3.org/2002/07/owl#",
  "org:": "https://w3id.org/dealgraph/id/org/",
  "deal:": "https://w3id.org/dealgraph/id/deal/",
  "filing:": "https://w3id.org/dealgraph/id/filing/",
  "person:": "https://w3id.org/dealgraph/id/person/",
  "evidence:": "https://w3id.org/dealgraph/id/evidence/",
};
const MAX_ROWS = 2000;   // rows drawn in the table; the downloads have them all

const $ = (id) => document.getElementById(id);
let current = null;      // the saved query shown in the form, if any

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function compact(iri) {
  for (const [prefix, base] of Object.entries(PREFIXES)) {
    if (iri.startsWith(base) && iri.length > base.length) return prefix + iri.slice(base.length);
  }
  return iri;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function setStatus(text) {
  $("status").textContent = text;
}

// -- saved queries ------------------------------------------------------------------------------
async function loadSaved() {
  const list = $("saved-list");
  let queries;
  try {
    const resp = await fetch("/api/queries", { headers: { Accept: "application/json" } });
    if (!resp.ok) throw new Error(await resp.text());
    queries = await resp.json();
  } catch (err) {
    clear(list);
    list.appendChild(el("li", "Saved queries unavailable: " + err.message, "muted"));
    return;
  }
  clear(list);
  if (!queries.length) list.appendChild(el("li", "none", "muted"));
  for (const q of queries) {
    const item = el("li");
    const button = el("button", q.title || q.name, "link");
    button.type = "button";
    button.dataset.name = q.name;
    button.title = q.description || q.name;
    button.addEventListener("click", () => selectSaved(q));
    item.appendChild(button);
    list.appendChild(item);
  }
}

function selectSaved(q) {
  current = q;
  for (const b of document.querySelectorAll("#saved-list button")) {
    b.classList.toggle("active", b.dataset.name === q.name);
  }
  $("saved-form").hidden = false;
  $("saved-title").textContent = q.title || q.name;
  $("saved-description").textContent = q.description || "";
  const box = $("saved-params");
  clear(box);
  for (const p of q.params) {
    const label = el("label", null, "param");
    label.appendChild(el("span", p.name + (p.required ? " *" : ""), "param-name"));
    let input;
    if (p.choices && p.choices.length) {
      input = document.createElement("select");
      if (!p.required && p.default === null) input.appendChild(new Option("", ""));
      for (const c of p.choices) input.appendChild(new Option(c, c, false, c === p.default));
    } else if (p.type === "boolean") {
      input = document.createElement("select");
      for (const c of ["", "true", "false"]) input.appendChild(new Option(c, c, false, c === p.default));
    } else {
      input = document.createElement("input");
      input.type = p.type === "date" ? "date" : (p.type === "integer" || p.type === "decimal") ? "number" : "text";
      if (p.type === "decimal") input.step = "any";
      if (p.default !== null && p.default !== undefined) input.value = p.default;
      if (p.type === "iri") input.placeholder = "https://… or org:…";
    }
    input.name = p.name;
    input.required = !!p.required;
    input.dataset.param = p.name;
    label.appendChild(input);
    if (p.description) label.appendChild(el("span", p.description, "param-help"));
    box.appendChild(label);
  }
  // one click: a query that needs no value runs at once; change a field and press Run to refine
  if (!q.params.some((p) => p.required)) runSaved();
}

function savedParams() {
  const params = new URLSearchParams();
  params.set("name", current.name);
  for (const input of document.querySelectorAll("#saved-params [data-param]")) {
    if (input.value !== "") params.append("param", input.dataset.param + "=" + input.value);
  }
  return params;
}

async function runSaved(event) {
  if (event) event.preventDefault();
  if (!current) return;
  const params = savedParams();
  await execute("/api/run?" + params.toString(), { headers: { Accept: "application/sparql-results+json" } },
                current.title || current.name);
}

// -- free queries --------------------------------------------------------------------------------
function queryUrl(format) {
  const params = new URLSearchParams({ query: $("query").value });
  if (format) params.set("format", format);
  return "/sparql?" + params.toString();
}

async function runQuery(event) {
  event.preventDefault();
  const body = new URLSearchParams({ query: $("query").value });
  await execute("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded",
               Accept: "application/sparql-results+json, text/turtle;q=0.9" },
    body: body.toString(),
  }, "query");
}

async function execute(url, init, what) {
  showError("");
  hideGraph();
  clear($("results"));
  setStatus("Running " + what + "…");
  const started = performance.now();
  let resp, text;
  try {
    resp = await fetch(url, init);
    text = await resp.text();
  } catch (err) {
    setStatus("");
    showError("The server did not answer: " + err.message);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!resp.ok) {
    setStatus("");
    showError(text.trim() || resp.status + " " + resp.statusText);
    return;
  }
  const type = (resp.headers.get("Content-Type") || "").split(";")[0];
  if (type === "application/sparql-results+json") {
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      showError("The server sent results that are not valid JSON: " + err.message);
      return;
    }
    renderResults(data, seconds);
  } else {
    const pre = el("pre", text, "graph-text");
    $("results").appendChild(pre);
    setStatus("Graph result (" + type + ") in " + seconds + " s");
  }
}

function renderResults(data, seconds) {
  const out = $("results");
  if (typeof data.boolean === "boolean") {
    out.appendChild(el("p", data.boolean ? "true" : "false", "boolean"));
    setStatus("ASK answered in " + seconds + " s");
    return;
  }
  const allVars = (data.head && data.head.vars) || [];
  const rows = (data.results && data.results.bindings) || [];
  // columns empty in every row are left out (and named in the status line)
  const vars = rows.length ? allVars.filter((v) => rows.some((r) => r[v])) : allVars;
  const hidden = allVars.filter((v) => !vars.includes(v));
  const table = el("table", null, "results");
  const head = table.createTHead().insertRow();
  for (const v of vars) head.appendChild(el("th", v));
  const body = table.createTBody();
  for (const row of rows.slice(0, MAX_ROWS)) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  out.appendChild(table);
  let status = rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + seconds + " s";
  if (rows.length > MAX_ROWS) status += " (first " + MAX_ROWS + " shown; download for all)";
  if (hidden.length) status += "; empty columns not shown: " + hidden.join(", ");
  setStatus(status);
}

const SAFE_IRI = /^[^\s<>"{}|\\^`]+$/;

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    const link = el("a", compact(term.value), "iri");
    link.href = "#";
    link.title = term.value + " (click: its properties)";
    link.addEventListener("click", (e) => {
      e.preventDefault();
      if (!SAFE_IRI.test(term.value)) return;
      $("query").value = "SELECT ?property ?value ?graph WHERE {\n  GRAPH ?graph { <" + term.value +
        "> ?property ?value }\n}\nORDER BY ?property";
      $("query-form").requestSubmit();
    });
    td.appendChild(link);
  } else {
    td.textContent = term.value;
    if (term.datatype) td.title = compact(term.datatype);
    if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    if (term.datatype && /#(integer|decimal|double|float|int|long)$/.test(term.datatype)) td.className = "num";
  }
  return td;
}

// -- graph view ----------------------------------------------------------------------------------
function showGraph(src) {
  const frame = $("graph-frame");
  frame.src = src;
  $("graph-box").hidden = false;
  frame.scrollIntoView({ block: "nearest" });
}

function hideGraph() {
  $("graph-box").hidden = true;
}

// -- wiring --------------------------------------------------------------------------------------
function init() {
  $("endpoint").textContent = new URL("/sparql", window.location.href).href;
  $("saved-form").addEventListener("submit", runSaved);
  $("query-form").addEventListener("submit", runQuery);
  $("saved-graph").addEventListener("click", () => {
    if (current && $("saved-form").reportValidity()) showGraph("/viz?" + savedParams().toString());
  });
  $("graph").addEventListener("click", () => {
    showGraph("/viz?" + new URLSearchParams({ query: $("query").value }).toString());
  });
  $("saved-edit").addEventListener("click", () => {
    if (current) $("query").value = current.text;
  });
  for (const fmt of ["csv", "tsv", "json", "xml"]) {
    $("dl-" + fmt).addEventListener("click", (e) => {
      e.currentTarget.href = queryUrl(fmt);
      e.currentTarget.download = "results." + fmt;
    });
  }
  loadSaved();
}

document.addEventListener("DOMContentLoaded", init);
