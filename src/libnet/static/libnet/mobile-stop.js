/* The tablet's page at a mobile-library stop: scans survive a dropped connection.
 *
 * Each scan (card, barcode, lend or return, a UUID and the tablet's time) is put in a queue
 * in localStorage and shown as "waiting to sync". When the browser is online the queue is
 * POSTed to /api/v1/mobile/sync; the server applies each operation once (by its UUID), in
 * order, and answers per operation. A reply that never arrives leaves the queue as it was:
 * sending it again is harmless. The queue can also be exported as a JSON file for
 * `libnet import_mobile_ops`.
 *
 * A service worker (/staff/mobile/sw.js) keeps a copy of this page and its script, so a
 * reload without a network shows the page again, with the queue.
 *
 * The queue and the list of answered scans are kept per user and trip: another clerk who
 * logs in on the same tablet neither sends nor sees them. A scan answered `trip_not_found`
 * (the trip is not, or no longer, the user's) stays queued, never counted as done. Answered
 * scans keep their barcode and result for display but not the reader's card number.
 */
(function () {
  "use strict";
  var root = document.getElementById("mobile-stop");
  if (!root) { return; }
  // Needs a secure context (HTTPS, or localhost): on plain http the page still keeps its
  // queue, but a reload without a network shows the browser's own error.
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker).catch(function () {});
  }
  var tripId = parseInt(root.dataset.trip, 10);
  var userId = parseInt(root.dataset.user, 10);
  var QUEUE_KEY = "libnet.mobile.queue." + userId + "." + tripId;
  var DONE_KEY = "libnet.mobile.done." + userId + "." + tripId;
  var LEGACY_QUEUE_KEY = "libnet.mobile.queue";
  var LEGACY_DONE_KEY = "libnet.mobile.done";
  // Answers after which a scan stays queued: it was not applied and may be later.
  var KEEP_QUEUED = { trip_not_found: true };
  var stopId = parseInt(root.dataset.stop, 10);
  var text = root.dataset;
  var sending = false;

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  // The queue of earlier versions was shared by every user and trip: this trip's scans move
  // to this user's queue (the server still checks the trip is theirs); answered scans, with
  // their card numbers, are dropped.
  (function migrate() {
    var legacy = localStorage.getItem(LEGACY_QUEUE_KEY);
    if (legacy !== null) {
      var rest = [];
      var mine = load(QUEUE_KEY);
      load(LEGACY_QUEUE_KEY).forEach(function (op) {
        (op && op.trip_id === tripId ? mine : rest).push(op);
      });
      save(QUEUE_KEY, mine);
      if (rest.length) { save(LEGACY_QUEUE_KEY, rest); } else { localStorage.removeItem(LEGACY_QUEUE_KEY); }
    }
    localStorage.removeItem(LEGACY_DONE_KEY);
  })();

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Plain http on a LAN has no randomUUID: build a version-4 UUID from getRandomValues.
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function currentAction() {
    var checked = root.querySelector("input[name=action]:checked");
    return checked ? checked.value : "checkout";
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function render() {
    var queue = load(QUEUE_KEY).filter(function (op) { return op.stop_id === stopId; });
    var done = load(DONE_KEY).filter(function (op) { return op.stop_id === stopId; });
    var body = root.querySelector("#ops tbody");
    body.textContent = "";
    done.concat(queue).sort(function (a, b) { return a.client_at < b.client_at ? 1 : -1; }).forEach(function (op) {
      var row = document.createElement("tr");
      row.dataset.uuid = op.client_uuid;
      row.dataset.barcode = op.barcode;
      row.dataset.state = op.result ? op.result : "waiting";
      cell(row, new Date(op.client_at).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" }));
      cell(row, op.action === "checkout" ? text.textLend : text.textReturn);
      cell(row, op.card_number || "—");
      cell(row, op.barcode);
      var result = cell(row, op.result === "ok" ? text.textOk : (op.result ? op.message : text.textWaiting));
      result.className = op.result === "refused" ? "op-refused" : (op.result === "ok" ? "op-ok" : "op-waiting");
      if (op.code) { result.dataset.code = op.code; }
      body.appendChild(row);
    });
    root.querySelector("#waiting-count").textContent = String(queue.length);
    var status = root.querySelector("#net-status");
    status.textContent = navigator.onLine ? text.textOnline : text.textOffline;
    status.dataset.online = navigator.onLine ? "true" : "false";
  }

  function sync() {
    var queue = load(QUEUE_KEY);
    if (sending || !queue.length || !navigator.onLine) { render(); return Promise.resolve(); }
    sending = true;
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ operations: queue })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (answer) {
      var byUuid = {};
      answer.results.forEach(function (result) { byUuid[result.client_uuid] = result; });
      var done = load(DONE_KEY);
      var waiting = [];
      load(QUEUE_KEY).forEach(function (op) {
        var result = byUuid[op.client_uuid];
        if (result && !KEEP_QUEUED[result.code]) {
          op.result = result.result; op.code = result.code; op.message = result.message;
          delete op.card_number; // the reader's card does not stay on the tablet
          done.push(op);
        } else {
          waiting.push(op); // scanned while the request was on its way, or not applied
        }
      });
      save(DONE_KEY, done.slice(-500));
      save(QUEUE_KEY, waiting);
    }).catch(function () {
      // No answer: everything stays queued and is sent again later, safely.
    }).then(function () { sending = false; render(); });
  }

  root.querySelector("#scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var card = root.querySelector("#card");
    var barcode = root.querySelector("#barcode");
    if (!barcode.value.trim()) { return; }
    var action = currentAction();
    var queue = load(QUEUE_KEY);
    queue.push({
      client_uuid: newUuid(),
      trip_id: tripId,
      stop_id: stopId,
      action: action,
      card_number: action === "checkout" ? card.value.trim() : "",
      barcode: barcode.value.trim(),
      client_at: new Date().toISOString()
    });
    save(QUEUE_KEY, queue);
    barcode.value = "";
    barcode.focus();
    render();
    sync();
  });

  root.querySelectorAll("input[name=action]").forEach(function (input) {
    input.addEventListener("change", function () {
      root.querySelector("#card-field").hidden = currentAction() !== "checkout";
    });
  });

  root.querySelector("#sync-now").addEventListener("click", sync);
  root.querySelector("#export-queue").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify({ operations: load(QUEUE_KEY) }, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "libnet-mobile-ops-" + new Date().toISOString().slice(0, 19).replace(/[:T]/g, "") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  window.setInterval(sync, 15000);
  render();
  sync();
})();
