/* The digital library's viewer: opens an object's IIIF manifest (Presentation API 3) in
   OpenSeadragon (vendor/openseadragon), one canvas a page, with next / previous, a page list
   and zoom. Every word shown comes from the page (translated there); this file has none. */
(function () {
  "use strict";

  function canvasesOf(manifest) {
    var pages = [];
    (manifest.items || []).forEach(function (canvas) {
      var annotationPage = (canvas.items || [])[0] || {};
      var painting = (annotationPage.items || [])[0] || {};
      var body = painting.body || {};
      var service = (body.service || [])[0];
      if (!service) { return; }
      var id = service.id || service["@id"];
      var label = canvas.label ? (canvas.label.vi || canvas.label.none || canvas.label.en || [""])[0] : "";
      pages.push({ label: label || String(pages.length + 1), info: id + "/info.json" });
    });
    return pages;
  }

  function part(section, name) {
    return section.querySelector('[data-viewer="' + name + '"]');
  }

  function open(section) {
    var status = part(section, "status");
    fetch(section.dataset.manifest, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (manifest) {
        var pages = canvasesOf(manifest);
        if (!pages.length) { throw new Error("no pages"); }
        show(section, pages);
        status.hidden = true;
      })
      .catch(function () {
        status.hidden = true;
        part(section, "failed").hidden = false;
      });
  }

  function show(section, pages) {
    var canvas = part(section, "canvas");
    var select = part(section, "page");
    var previous = part(section, "previous");
    var next = part(section, "next");
    pages.forEach(function (page, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = page.label;
      select.appendChild(option);
    });
    part(section, "count").textContent = String(pages.length);
    var viewer = OpenSeadragon({
      element: canvas,
      tileSources: pages.map(function (page) { return page.info; }),
      sequenceMode: true,
      showNavigationControl: false,
      showSequenceControl: false,
      preserveViewport: false,
      visibilityRatio: 0.5,
      crossOriginPolicy: "Anonymous",
      drawer: "canvas",
      gestureSettingsTouch: { pinchRotate: false }
    });
    canvas.dataset.state = "opening";
    function onPage(index) {
      select.value = String(index);
      previous.disabled = index === 0;
      next.disabled = index === pages.length - 1;
      section.dataset.page = String(index + 1);
    }
    viewer.addHandler("page", function (event) {
      canvas.dataset.tiles = "";
      onPage(event.page);
    });
    viewer.addHandler("open", function () { canvas.dataset.state = "open"; });
    viewer.addHandler("tile-loaded", function () { canvas.dataset.tiles = "loaded"; });
    viewer.addHandler("open-failed", function () {
      canvas.dataset.state = "failed";
      part(section, "failed").hidden = false;
    });
    previous.addEventListener("click", function () {
      viewer.goToPage(Math.max(0, viewer.currentPage() - 1));
    });
    next.addEventListener("click", function () {
      viewer.goToPage(Math.min(pages.length - 1, viewer.currentPage() + 1));
    });
    select.addEventListener("change", function () { viewer.goToPage(Number(select.value)); });
    part(section, "zoom-in").addEventListener("click", function () {
      viewer.viewport.zoomBy(1.5);
      viewer.viewport.applyConstraints();
    });
    part(section, "zoom-out").addEventListener("click", function () {
      viewer.viewport.zoomBy(1 / 1.5);
      viewer.viewport.applyConstraints();
    });
    part(section, "home").addEventListener("click", function () { viewer.viewport.goHome(); });
    section.querySelector(".viewer-toolbar").hidden = false;
    onPage(0);
    section.viewer = viewer;
  }

  function start() {
    if (typeof OpenSeadragon !== "function") { return; }
    document.querySelectorAll(".digital-viewer[data-manifest]").forEach(open);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
