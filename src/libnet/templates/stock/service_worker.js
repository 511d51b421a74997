{% load i18n static %}/* The stocktake tablet's service worker: the tablet's scanning page opens without a network.
 *
 * Served from {% url 'stock:service_worker' %}, so it controls the pages under /staff/stock/
 * and no others (the mobile library's worker has /staff/mobile/). A tablet page is fetched
 * from the network when there is one and a copy is kept; without a network the copy is shown
 * (or, for a stocktake never opened on this tablet, a short page saying so). The page's
 * scripts and styles are kept the same way. The scans waiting to be sent are not here: they
 * stay in the page's localStorage, and the page's script sends them when the network is
 * back. Nothing is cached but GET requests of this site; the sync POST always goes to the
 * network. Service workers need a secure context (HTTPS, or localhost).
 */
"use strict";
var CACHE = "libnet-stock-v1";
var STATIC_PREFIX = "{% get_static_prefix %}";
var SCOPE = "{% url 'stock:list' %}";
var TABLET_PAGE = /^\d+\/tablet\/$/;  // below SCOPE
var OFFLINE_PAGE = '<!doctype html><html lang="{{ LANGUAGE_CODE|default:"vi" }}"><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>libnet</title>' +
  '<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">' +
  "<h1>{{ offline_title|escapejs }}</h1><p>{{ offline_text|escapejs }}</p></body></html>";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("libnet-stock-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromNetworkKeepingACopy(request) {
  return fetch(request).then(function (response) {
    // Never a login page met on the way (a redirect), nor an error.
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
}

function offlinePage() {
  return new Response(OFFLINE_PAGE, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8" }
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var inScope = url.pathname.indexOf(SCOPE) === 0;
  if (request.mode === "navigate" && inScope && TABLET_PAGE.test(url.pathname.slice(SCOPE.length))) {
    // The network first (the stocktake may have closed), the kept copy without it.
    event.respondWith(
      fromNetworkKeepingACopy(request).catch(function () {
        return caches.match(request, { ignoreSearch: true }).then(function (kept) {
          return kept || offlinePage();
        });
      })
    );
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    // Scripts and styles: the network when it answers, so a new version is picked up.
    event.respondWith(
      fromNetworkKeepingACopy(request).catch(function () {
        return caches.match(request).then(function (kept) {
          return kept || Response.error();
        });
      })
    );
  }
});
