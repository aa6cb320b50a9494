// The usage page: reads the pool API with the caller's bearer token and draws what it answers.
"use strict";

const TOKEN_KEY = "metering.token";
const ACCOUNT_KEY = "metering.account";
const DAY = 86400;

const $ = (id) => document.getElementById(id);
const usd = (text) => (text == null ? null : Number(text));
const money = (text) => (text == null ? "no cap" : "$" + usd(text).toFixed(2));
const seconds = (iso) => Date.parse(iso) / 1000;

/** A token handed over in the URL fragment (never the query) goes to session storage, and out of the address bar. */
function takeTokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get("token"));
    if (fragment.get("account")) sessionStorage.setItem(ACCOUNT_KEY, fragment.get("account"));
    history.replaceState(null, "", location.pathname);
  }
}

/** Which claims name the account and hold the roles, as the deployment configures them (docs/identity.md). */
function identity() {
  try {
    return JSON.parse(document.querySelector('meta[name="metering-identity"]').content);
  } catch (e) {
    return { ownerClaim: "sub", groupsClaims: ["groups"] };
  }
}

/** Every role the token's role claims hold: each an array, or a space-separated string (scope). */
function roles(who, claimNames) {
  return claimNames.flatMap((name) => {
    const value = who[name];
    if (Array.isArray(value)) return value.filter((v) => typeof v === "string");
    if (typeof value === "string") return value.split(/\s+/).filter(Boolean);
    return [];
  });
}

function claims(token) {
  try {
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch (e) {
    return {};
  }
}

class Refused extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path) {
  const answer = await fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY), Accept: "application/json" } });
  const body = await answer.json().catch(() => ({}));
  if (!answer.ok) throw new Refused(answer.status, body.detail || answer.statusText);
  return body;
}

function figures(list, rows) {
  list.replaceChildren(...rows.flatMap(([name, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    return [dt, dd];
  }));
}

function state(element, value) {
  element.textContent = value;
  element.className = "state " + value;
}

function showPools(pools) {
  const p = pools.programmatic;
  const i = pools.interactive;
  $("who").textContent = pools.accountId + " · " + pools.plan;
  $("cycle").textContent = "cycle " + pools.cycle.start.slice(0, 10) + " to " + pools.cycle.end.slice(0, 10) + " (" + pools.cycle.timeZone + ")";
  state($("p-state"), p.state);
  figures($("p-figures"), [["granted", money(p.grantedUsd)], ["used", money(p.usedUsd)], ["remaining", money(p.remainingUsd)],
    ["overrun (not billed)", money(p.overrunUsd)], ["thresholds reached", p.thresholdsReached.map((t) => t + " %").join(", ") || "none"],
    ["switched to API rates", p.rateSwitchedAt ? new Date(p.rateSwitchedAt).toLocaleString() : "not yet"],
    ["daily burn", money(pools.forecast.dailyBurnUsd)],
    ["credit runs out", pools.forecast.creditDepletesAt ? new Date(pools.forecast.creditDepletesAt).toLocaleString() : "not this cycle"]]);
  const extra = p.extraUsage;
  const share = extra.capUsd && usd(extra.capUsd) > 0 ? Math.min(1, usd(extra.accruedUsd) / usd(extra.capUsd)) : 0;
  $("extra").innerHTML = "";
  const text = document.createElement("div");
  text.textContent = extra.enabled ? money(extra.accruedUsd) + " of " + money(extra.capUsd) + " cap"
    + (pools.forecast.capReachedAt ? " · cap reached " + new Date(pools.forecast.capReachedAt).toLocaleString() : "")
    : "off: usage pauses when the credit is spent";
  const bar = document.createElement("div");
  bar.className = "bar";
  bar.innerHTML = "<div></div>";
  bar.firstChild.style.width = (share * 100).toFixed(1) + "%";
  $("extra").append(text, bar);
  state($("i-state"), i.state);
  figures($("i-figures"), [["allowance", money(i.grantedUsd)], ["used", money(i.usedUsd)], ["remaining", money(i.remainingUsd)],
    ["overrun", money(i.overrunUsd)]]);
  $("basis").textContent = "Forecast: " + pools.forecast.basis + ". Dashed lines mark 50, 75, 90 and 100 % of the credit used.";
}

/** Credit remaining at the end of each day (programmatic credit of that day's usage), then the forecast from now. */
function drawChart(pools, usage) {
  const p = pools.programmatic;
  const granted = usd(p.grantedUsd);
  const start = seconds(pools.cycle.start);
  const end = seconds(pools.cycle.end);
  const now = Math.min(Date.now() / 1000, end);
  const spentByDay = new Map();
  for (const g of usage.groups) {
    if (g.pool === "PROGRAMMATIC") spentByDay.set(g.key.day, (spentByDay.get(g.key.day) || 0) + usd(g.creditUsd));
  }
  const xs = [start];
  const remaining = [granted];
  const forecast = [null];
  let left = granted;
  for (const day of [...spentByDay.keys()].sort()) {
    left -= spentByDay.get(day);
    const at = Math.min(Math.max(seconds(day + "T23:59:59Z"), start), now);
    xs.push(at);
    remaining.push(Math.max(0, left));
    forecast.push(null);
  }
  xs.push(now);
  remaining.push(usd(p.remainingUsd));
  forecast.push(usd(p.remainingUsd));
  const burn = usd(pools.forecast.dailyBurnUsd);
  if (burn > 0 && usd(p.remainingUsd) > 0) {
    const out = pools.forecast.creditDepletesAt ? seconds(pools.forecast.creditDepletesAt) : end;
    xs.push(out);
    remaining.push(null);
    forecast.push(Math.max(0, usd(p.remainingUsd) - burn * (out - now) / DAY));
  }
  if (xs[xs.length - 1] < end) {
    // The marks span the whole cycle.
    xs.push(end);
    remaining.push(null);
    forecast.push(null);
  }
  const marks = [50, 75, 90, 100].map((percent) => xs.map(() => granted * (1 - percent / 100)));
  const switchedAt = p.rateSwitchedAt ? seconds(p.rateSwitchedAt) : null;
  const width = Math.max(320, $("chart").clientWidth || 800);
  const opts = {
    width, height: 300,
    scales: { x: { time: true, range: [start, end] }, y: { range: [0, Math.max(granted, 1)] } },
    series: [{}, { label: "credit remaining ($)", stroke: "#1f6feb", width: 2 },
      { label: "forecast", stroke: "#1f6feb", dash: [6, 6], width: 1.5 },
      ...[50, 75, 90, 100].map((percent) => ({ label: percent + " % used", stroke: "#9aa4b2", dash: [2, 4], width: 1, points: { show: false } }))],
    axes: [{}, { values: (u, ticks) => ticks.map((t) => "$" + t) }],
    hooks: { draw: [(u) => {
      if (switchedAt == null) return;
      const x = u.valToPos(switchedAt, "x", true);
      u.ctx.save();
      u.ctx.strokeStyle = "#d08a00";
      u.ctx.lineWidth = 2;
      u.ctx.beginPath();
      u.ctx.moveTo(x, u.bbox.top);
      u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
      u.ctx.stroke();
      u.ctx.fillStyle = "#d08a00";
      u.ctx.fillText("rate switch", x + 4, u.bbox.top + 12);
      u.ctx.restore();
    }] },
  };
  $("chart").replaceChildren();
  new uPlot(opts, [xs, remaining, forecast, ...marks], $("chart"));
}

function showLedger(ledger) {
  const rows = ledger.entries.map((e) => [new Date(e.at).toLocaleString(), e.kind, e.pool, e.source || "", e.model || "",
    money(e.creditUsd), money(e.extraUsageUsd), money(e.overrunUsd), e.balanceAfterUsd == null ? "" : money(e.balanceAfterUsd)]);
  $("ledger").tBodies[0].replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    cells.forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.append(td); });
    return tr;
  }));
}

function showLastCycle(last) {
  const p = last.programmatic;
  figures($("last"), [["cycle", last.cycle.start.slice(0, 10) + " to " + last.cycle.end.slice(0, 10)], ["credit used", money(p.usedUsd)],
    ["credit expired", money(p.expiredUsd)], ["extra usage billed", money(p.extraUsage.accruedUsd)]]);
}

async function showSeats(organization) {
  const page = await api("/v1/organizations/" + encodeURIComponent(organization) + "/pools?limit=100");
  $("org").textContent = organization;
  $("seats").hidden = false;
  $("seats").querySelector("tbody").replaceChildren(...page.seats.map((s) => {
    const tr = document.createElement("tr");
    [s.accountId, s.plan, s.state, money(s.grantedUsd), money(s.usedUsd), money(s.remainingUsd), money(s.extraUsageAccruedUsd),
      money(s.overrunUsd)].forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.append(td); });
    return tr;
  }));
  const t = page.totals;
  $("totals").textContent = t.seats + " seats: " + money(t.usedUsd) + " of " + money(t.grantedUsd) + " used, "
    + money(t.extraUsageAccruedUsd) + " extra usage";
}

function problem(text) {
  $("problem").textContent = text;
  $("problem").style.display = "block";
}

function askForToken() {
  $("login").style.display = "block";
}

function cell(content) {
  const td = document.createElement("td");
  if (content instanceof Node) td.append(content); else td.textContent = content;
  return td;
}

function showBudgets(list) {
  if (!list.budgets.length) return;
  $("budgets-section").hidden = false;
  $("budgets").tBodies[0].replaceChildren(...list.budgets.map((b) => {
    const counts = b.match.source ? "source " + b.match.source : b.match.tag ? b.match.tag + "=" + b.match.value : "all programmatic";
    const bar = document.createElement("div");
    bar.className = "bar";
    const fill = document.createElement("div");
    fill.style.width = Math.min(100, 100 * Number(b.spentUsd) / Number(b.limitUsd)) + "%";
    bar.append(fill);
    const state = document.createElement("span");
    state.className = "state " + b.state;
    state.textContent = b.state + (b.action === "pause" ? "" : " (notify)");
    const tr = document.createElement("tr");
    tr.dataset.budget = b.budgetId;
    [b.budgetId, counts, b.window, money(b.spentUsd), money(b.limitUsd), bar, state].forEach((c) => tr.append(cell(c)));
    return tr;
  }));
}

/** The keys worth showing: those budgets count by, then those the recent debits carry; at most three. */
async function showTopTags(base, budgets, ledger) {
  const keys = [];
  budgets.budgets.forEach((b) => { if (b.match.tag && !keys.includes(b.match.tag)) keys.push(b.match.tag); });
  ledger.entries.forEach((e) => Object.keys(e.tags || {}).forEach((k) => { if (!keys.includes(k)) keys.push(k); }));
  if (!keys.length) return;
  const blocks = await Promise.all(keys.slice(0, 3).map(async (key) => {
    const usage = await api(base + "/usage?groupBy=tag:" + encodeURIComponent(key) + "&limit=1000");
    const top = usage.groups.filter((g) => g.tags[key] !== null).sort((a, b) => Number(b.costUsd) - Number(a.costUsd)).slice(0, 5);
    const title = document.createElement("h3");
    title.textContent = key;
    const table = document.createElement("table");
    top.forEach((g) => {
      const tr = document.createElement("tr");
      tr.dataset.tag = key + "=" + g.tags[key];
      [g.tags[key], g.events + (g.events === 1 ? " event" : " events"), money(g.costUsd)].forEach((c) => tr.append(cell(c)));
      table.append(tr);
    });
    return [title, table];
  }));
  $("tags").replaceChildren(...blocks.flat());
  $("tags-section").hidden = false;
}

async function showAccount(base, pools) {
  showPools(pools);
  const [usage, ledger, budgets] = await Promise.all([api(base + "/usage?groupBy=day,source"), api(base + "/ledger?limit=10"),
    api(base + "/budgets")]);
  drawChart(pools, usage);
  showLedger(ledger);
  showBudgets(budgets);
  await showTopTags(base, budgets, ledger);
  const before = new Date(seconds(pools.cycle.start) * 1000 - 1000).toISOString().replace(/\.\d+Z$/, "Z");
  api(base + "/pools?at=" + before).then(showLastCycle, () => figures($("last"), [["", "no earlier cycle"]]));
}

async function load() {
  takeTokenFromFragment();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    askForToken();
    return;
  }
  const who = claims(token);
  const chosen = sessionStorage.getItem(ACCOUNT_KEY);
  const config = identity();
  const owner = typeof who[config.ownerClaim] === "string" ? who[config.ownerClaim] : "";
  const account = chosen || owner;
  const base = "/v1/accounts/" + encodeURIComponent(account);
  const orgs = roles(who, config.groupsClaims).filter((g) => g.startsWith("org-admin:")).map((g) => g.slice("org-admin:".length));
  try {
    let pools = null;
    try {
      pools = await api(base + "/pools");
    } catch (e) {
      // An organization's admin whose token names no account of their own sees the seats alone.
      const noAccount = e instanceof Refused && e.status !== 401 && orgs.length && !chosen;
      if (!noAccount) throw e;
    }
    if (pools) {
      await showAccount(base, pools);
    } else {
      ["programmatic", "interactive", "chart-section", "ledger-section"].forEach((id) => { $(id).hidden = true; });
      $("who").textContent = owner || who.sub || "";
    }
    if (orgs.length) await showSeats(orgs[0]);
    document.body.dataset.loaded = "true";
  } catch (e) {
    if (e instanceof Refused && e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      problem("The token was refused (401): " + e.message + ". Sign in with a valid token.");
      askForToken();
    } else if (e instanceof Refused) {
      problem("The API answered " + e.status + ": " + e.message);
    } else {
      problem("Could not load the page: " + e.message);
    }
    document.body.dataset.loaded = "error";
  }
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
  if ($("account").value.trim()) sessionStorage.setItem(ACCOUNT_KEY, $("account").value.trim());
  else sessionStorage.removeItem(ACCOUNT_KEY);
  $("problem").style.display = "none";
  $("login").style.display = "none";
  load();
});

load();
