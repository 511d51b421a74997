/* The tablet's page at a mobile-library stop: scans survive a dropped connection
 * (offline-queue.js).
 *
 * Each scan (card, barcode, lend or return, a UUID and the tablet's time) is queued and sent
 * to /api/v1/mobile/sync; the server applies each operation once (by its UUID), in order, and
 * answers per operation. The queue can also be exported as a JSON file for
 * `libnet import_mobile_ops`.
 *
 * A service worker (/staff/mobile/sw.js) keeps a copy of this page and its scripts, so a
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

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function atThisStop(op) { return op.stop_id === stopId; }

  function show(waiting, done) {
    var body = root.querySelector("#ops tbody");
    body.textContent = "";
    done.filter(atThisStop).concat(waiting.filter(atThisStop)).sort(function (a, b) { return a.client_at < b.client_at ? 1 : -1; }).forEach(function (op) {
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
  }

  var queue = window.libnetOfflineQueue({
    root: root,
    queueKey: QUEUE_KEY,
    doneKey: DONE_KEY,
    uuidOf: function (op) { return op.client_uuid; },
    body: function (operations) { return { operations: operations }; },
    keepQueued: function (result) { return Boolean(KEEP_QUEUED[result.code]); },
    answered: function (op, result) {
      op.result = result.result; op.code = result.code; op.message = result.message;
      delete op.card_number; // the reader's card does not stay on the tablet
    },
    show: show
  });

  // The queue of earlier versions was shared by every user and trip: this trip's scans move
  // to this user's queue (the server still checks the trip is theirs); answered scans, with
  // their card numbers, are dropped.
  (function migrate() {
    var legacy = localStorage.getItem(LEGACY_QUEUE_KEY);
    if (legacy !== null) {
      var rest = [];
      var mine = queue.load(QUEUE_KEY);
      queue.load(LEGACY_QUEUE_KEY).forEach(function (op) {
        (op && op.trip_id === tripId ? mine : rest).push(op);
      });
      queue.save(QUEUE_KEY, mine);
      if (rest.length) { queue.save(LEGACY_QUEUE_KEY, rest); } else { localStorage.removeItem(LEGACY_QUEUE_KEY); }
    }
    localStorage.removeItem(LEGACY_DONE_KEY);
  })();

  function currentAction() {
    var checked = root.querySelector("input[name=action]:checked");
    return checked ? checked.value : "checkout";
  }

  root.querySelector("#scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var card = root.querySelector("#card");
    var barcode = root.querySelector("#barcode");
    if (!barcode.value.trim()) { return; }
    var action = currentAction();
    queue.add({
      client_uuid: queue.newUuid(),
      trip_id: tripId,
      stop_id: stopId,
      action: action,
      card_number: action === "checkout" ? card.value.trim() : "",
      barcode: barcode.value.trim(),
      client_at: new Date().toISOString()
    });
    barcode.value = "";
    barcode.focus();
  });

  root.querySelectorAll("input[name=action]").forEach(function (input) {
    input.addEventListener("change", function () {
      root.querySelector("#card-field").hidden = currentAction() !== "checkout";
    });
  });

  root.querySelector("#export-queue").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify({ operations: queue.load(QUEUE_KEY) }, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "libnet-mobile-ops-" + new Date().toISOString().slice(0, 19).replace(/[:T]/g, "") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  queue.start();
})();
