/* The stocktake's tablet page: scans survive a dropped connection (offline-queue.js).
 *
 * Each scan (barcode, the shelf being counted, a UUID and the tablet's time) is queued per
 * user and stocktake and sent to /api/v1/stocktakes/<id>/sync; the server applies each scan
 * once (by its UUID). A scan the server refused leaves the queue with its reason shown.
 *
 * A service worker (/staff/stock/sw.js) keeps a copy of this page and its scripts, so a
 * reload without a network shows the page again, with the queue.
 */
(function () {
  "use strict";
  var root = document.getElementById("stock-tablet");
  if (!root) { return; }
  var key = root.dataset.user + "." + root.dataset.stocktake;
  var SHELF_KEY = "libnet.stocktake.shelf." + key;
  var text = root.dataset;
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

  function show(waiting, done) {
    var body = root.querySelector("#scans tbody");
    body.textContent = "";
    done.concat(waiting).sort(function (a, b) { return a.scanned_at < b.scanned_at ? 1 : -1; }).forEach(function (scan) {
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
  }

  var queue = window.libnetOfflineQueue({
    root: root,
    queueKey: "libnet.stocktake.queue." + key,
    doneKey: "libnet.stocktake.done." + key,
    uuidOf: function (scan) { return scan.uuid; },
    body: function (scans) {
      return { scans: scans.map(function (scan) {
        return { uuid: scan.uuid, barcode: scan.barcode, location: scan.location, scanned_at: scan.scanned_at };
      }) };
    },
    answered: function (scan, result) {
      scan.result = result.result; scan.code = result.code; scan.message = result.message;
    },
    show: show
  });

  root.querySelector("#scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var barcode = root.querySelector("#barcode");
    var location = root.querySelector("#location");
    if (!barcode.value.trim()) { return; }
    queue.add({
      uuid: queue.newUuid(),
      barcode: barcode.value.trim(),
      location: location.value ? parseInt(location.value, 10) : null,
      location_name: location.value ? location.options[location.selectedIndex].text : "",
      scanned_at: new Date().toISOString()
    });
    barcode.value = "";
    barcode.focus();
  });

  // The shelf being counted stays chosen across a reload.
  var shelf = root.querySelector("#location");
  var keptShelf = localStorage.getItem(SHELF_KEY);
  if (keptShelf !== null && shelf.querySelector("option[value='" + keptShelf.replace(/\D/g, "") + "']")) { shelf.value = keptShelf; }
  shelf.addEventListener("change", function () { localStorage.setItem(SHELF_KEY, shelf.value); });

  queue.start();
})();
