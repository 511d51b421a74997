{% load i18n static %}/* A tablet page that opens without a network (the mobile library's stop page, the
 * stocktake's tablet page): `core.pages.service_worker` serves this from under the page's
 * scope, so it controls the pages there and no others.
 *
 * The page is fetched from the network when there is one and a copy is kept; without a
 * network the copy is shown (or, for a page never opened on this tablet, a short page saying
 * so). The page's scripts and styles are kept the same way. Scans waiting to be sent are not
 * here: they stay in the page's localStorage, and the page's script sends them when the
 * network is back. Nothing is cached but GET requests of this site; a POST always goes to
 * the network. Service workers need a secure context (HTTPS, or localhost).
 */
"use strict";
var CACHE_PREFIX = "{{ cache_prefix|escapejs }}";
var CACHE = CACHE_PREFIX + "v1";
var STATIC_PREFIX = "{% get_static_prefix %}";
var SCOPE = "{{ scope|escapejs }}";
var PAGE = new RegExp("{{ page_pattern|escapejs }}");  // the offline page, below SCOPE
var OFFLINE_PAGE = '<!doctype html><html lang="{{ LANGUAGE_CODE|default:"vi" }}"><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>libnet</title>' +
  '<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">' +
  "<h1>{{ offline_title|escapejs }}</h1><p>{{ offline_text|escapejs }}</p></body></html>";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE;
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
  if (request.mode === "navigate" && inScope && PAGE.test(url.pathname.slice(SCOPE.length))) {
    // The network first (what the page shows changes), the kept copy without it.
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
