/* The queue of a tablet page that works without a network: the mobile library's stop page
 * (mobile-stop.js) and the stocktake's tablet page (stock-tablet.js).
 *
 * What is scanned is put in a queue in localStorage, under a key of the page's (per user and
 * trip or stocktake), and counted as "waiting". When the browser is online the queue is
 * POSTed, in order, to the page's sync URL; the server applies each entry once (by its UUID)
 * and answers each. A reply that never arrives leaves the queue as it was: sending it again
 * is harmless. Answered entries move to a second list, kept for display (the last 500).
 *
 * The page's script gives what differs: the keys, how an entry names its UUID, the body of
 * the request, which answers leave an entry queued, and how the entries are shown.
 */
(function () {
  "use strict";

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

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

  /* options:
   *   root          the page's element; its data- attributes give syncUrl, csrf,
   *                 serviceWorker, textOnline and textOffline
   *   queueKey, doneKey   the localStorage keys of the waiting and the answered entries
   *   uuidOf(entry)       the entry's UUID, as the server answers it (`uuidOf(result)` too)
   *   body(queue)         the JSON body that sends the queue
   *   keepQueued(result)  true for an answer after which the entry stays queued (optional)
   *   answered(entry, result)  what an answered entry keeps of the answer
   *   show(waiting, done)      draws the entries
   */
  window.libnetOfflineQueue = function (options) {
    var root = options.root;
    var sending = false;
    if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
      // Needs a secure context (HTTPS, or localhost): on plain http the page still keeps its
      // queue, but a reload without a network shows the browser's own error.
      navigator.serviceWorker.register(root.dataset.serviceWorker).catch(function () {});
    }

    function render() {
      var waiting = load(options.queueKey);
      options.show(waiting, load(options.doneKey));
      root.querySelector("#waiting-count").textContent = String(waiting.length);
      var status = root.querySelector("#net-status");
      status.textContent = navigator.onLine ? root.dataset.textOnline : root.dataset.textOffline;
      status.dataset.online = navigator.onLine ? "true" : "false";
    }

    function sync() {
      var queue = load(options.queueKey);
      if (sending || !queue.length || !navigator.onLine) { render(); return Promise.resolve(); }
      sending = true;
      return fetch(root.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify(options.body(queue))
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (answer) {
        var byUuid = {};
        answer.results.forEach(function (result) { byUuid[options.uuidOf(result)] = result; });
        var done = load(options.doneKey);
        var waiting = [];
        load(options.queueKey).forEach(function (entry) {
          var result = byUuid[options.uuidOf(entry)];
          if (result && !(options.keepQueued && options.keepQueued(result))) {
            options.answered(entry, result);
            done.push(entry);
          } else {
            waiting.push(entry); // scanned while the request was on its way, or not applied
          }
        });
        save(options.doneKey, done.slice(-500));
        save(options.queueKey, waiting);
      }).catch(function () {
        // No answer (or a refusal of the whole queue): everything stays queued, sent again later.
      }).then(function () { sending = false; render(); });
    }

    function add(entry) {
      var queue = load(options.queueKey);
      queue.push(entry);
      save(options.queueKey, queue);
      render();
      sync();
    }

    function start() {
      root.querySelector("#sync-now").addEventListener("click", sync);
      window.addEventListener("online", sync);
      window.addEventListener("offline", render);
      window.setInterval(sync, 15000);
      render();
      sync();
    }

    return { add: add, sync: sync, render: render, start: start, load: load, save: save, newUuid: newUuid };
  };
})();
