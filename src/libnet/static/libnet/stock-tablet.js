/* The stocktake's tablet page: scans survive a dropped connection.
 *
 * Each scan (barcode, the shelf being counted, a UUID and the tablet's time) is put in a queue
 * in localStorage, kept per user and stocktake, and counted as "waiting to be sent". When the
 * browser is online the queue is POSTed, in order, to /api/v1/stocktakes/<id>/sync; the
 * server applies each scan once (by its UUID) and answers each. A reply that never arrives
 * leaves the queue as it was: sending it again is harmless (a UUID applied before is not
 * counted again). A scan the server refused leaves the queue with its reason shown.
 *
 * A service worker (/staff/stock/sw.js) keeps a copy of this page and its script, so a
 * reload without a network shows the page again, with the queue. It needs a secure context
 * (HTTPS, or localhost): on plain http the page still keeps its queue, but a reload without
 * a network shows the browser's own error.
 */
(function () {
  "use strict";
  var root = document.getElementById("stock-tablet");
  if (!root) { return; }
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker).catch(function () {});
  }
  var key = root.dataset.user + "." + root.dataset.stocktake;
  var QUEUE_KEY = "libnet.stocktake.queue." + key;
  var SHELF_KEY = "libnet.stocktake.shelf." + key;
  var DONE_KEY = "libnet.stocktake.done." + key;
  var text = root.dataset;
  var sending = false;

  function load(name) {
    try { return JSON.parse(localStorage.getItem(name) || "[]"); } catch (e) { return []; }
  }
  function save(name, value) { localStorage.setItem(name, JSON.stringify(value)); }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Plain http on a LAN has no randomUUID: a version-4 UUID from getRandomValues.
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var labels = Array.prototype.map.call(root.querySelectorAll("#scans thead th"), function (th) { return th.textContent; });

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    td.dataset.label = labels[row.children.length] || "";
    row.appendChild(td);
    return td;
  }

  function resultClass(result) {
    if (!result) { return "op-waiting"; }
    if (result === "found") { return "op-found"; }
    return result === "refused" ? "op-refused" : "op-warning";
  }

  function render() {
    var queue = load(QUEUE_KEY);
    var body = root.querySelector("#scans tbody");
    body.textContent = "";
    load(DONE_KEY).concat(queue).sort(function (a, b) { return a.scanned_at < b.scanned_at ? 1 : -1; }).forEach(function (scan) {
      var row = document.createElement("tr");
      row.dataset.uuid = scan.uuid;
      row.dataset.barcode = scan.barcode;
      row.dataset.state = scan.result || "waiting";
      cell(row, new Date(scan.scanned_at).toLocaleTimeString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }));
      cell(row, scan.barcode).className = "mono";
      cell(row, scan.location_name || "—");
      var result = cell(row, scan.result ? scan.message : text.textWaiting);
      result.className = resultClass(scan.result);
      if (scan.code) { result.dataset.code = scan.code; }
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
      body: JSON.stringify({ scans: queue.map(function (scan) {
        return { uuid: scan.uuid, barcode: scan.barcode, location: scan.location, scanned_at: scan.scanned_at };
      }) })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (answer) {
      var byUuid = {};
      answer.results.forEach(function (result) { byUuid[result.uuid] = result; });
      var done = load(DONE_KEY);
      var waiting = [];
      load(QUEUE_KEY).forEach(function (scan) {
        var result = byUuid[scan.uuid];
        if (result) {
          scan.result = result.result; scan.code = result.code; scan.message = result.message;
          done.push(scan);
        } else {
          waiting.push(scan); // scanned while the request was on its way
        }
      });
      save(DONE_KEY, done.slice(-500));
      save(QUEUE_KEY, waiting);
    }).catch(function () {
      // No answer (or a refusal of the whole queue): everything stays queued, sent again later.
    }).then(function () { sending = false; render(); });
  }

  root.querySelector("#scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var barcode = root.querySelector("#barcode");
    var location = root.querySelector("#location");
    if (!barcode.value.trim()) { return; }
    var queue = load(QUEUE_KEY);
    queue.push({
      uuid: newUuid(),
      barcode: barcode.value.trim(),
      location: location.value ? parseInt(location.value, 10) : null,
      location_name: location.value ? location.options[location.selectedIndex].text : "",
      scanned_at: new Date().toISOString()
    });
    save(QUEUE_KEY, queue);
    barcode.value = "";
    barcode.focus();
    render();
    sync();
  });

  // The shelf being counted stays chosen across a reload.
  var shelf = root.querySelector("#location");
  var keptShelf = localStorage.getItem(SHELF_KEY);
  if (keptShelf !== null && shelf.querySelector("option[value='" + keptShelf.replace(/\D/g, "") + "']")) { shelf.value = keptShelf; }
  shelf.addEventListener("change", function () { localStorage.setItem(SHELF_KEY, shelf.value); });

  root.querySelector("#sync-now").addEventListener("click", sync);
  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  window.setInterval(sync, 15000);
  render();
  sync();
})();
