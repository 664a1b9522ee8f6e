// The web-app shell: shows the system status from the edge's GraphQL API.
"use strict";

const STATUS_QUERY = "{ systemStatus { name address status detail } }";
const REFRESH_INTERVAL_MS = 10000;

async function fetchSystemStatus() {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: STATUS_QUERY }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((error) => error.message).join("; "));
  }
  return body.data.systemStatus;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderStatus(services) {
  const rows = services.map((service) => {
    const tr = document.createElement("tr");
    tr.append(
      cell(service.name),
      cell(service.address),
      cell(service.status, `status status-${service.status}`),
      cell(service.detail || ""),
    );
    return tr;
  });
  document.querySelector("#status-table tbody").replaceChildren(...rows);
  const serving = services.filter((service) => service.status === "SERVING").length;
  document.getElementById("status-summary").textContent =
    `${serving} of ${services.length} services serving`;
}

async function refresh() {
  try {
    renderStatus(await fetchSystemStatus());
  } catch (error) {
    document.getElementById("status-summary").textContent = `Status unavailable: ${error.message}`;
  }
}

document.getElementById("status-refresh").addEventListener("click", refresh);
refresh();
setInterval(refresh, REFRESH_INTERVAL_MS);
