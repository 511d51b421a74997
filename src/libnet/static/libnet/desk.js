// Keyboard shortcuts of the circulation desk. Without JavaScript every one is a button.
(function () {
  "use strict";
  function click(selector) {
    var element = document.querySelector(selector);
    if (element) { element.click(); return true; }
    return false;
  }
  function currentMode() {
    var pressed = document.querySelector(".desk-modes [aria-pressed='true']");
    return pressed ? pressed.getAttribute("data-mode") : "lend";
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var handled = false;
    if (event.key === "F2") {
      handled = click(".desk-modes [data-mode='" + (currentMode() === "lend" ? "return" : "lend") + "']");
    } else if (event.key === "F4") {
      handled = click(".desk-modes [data-mode='use']");
    } else if (event.key === "F9") {
      handled = click("#visit-form button");
    } else if (event.key === "Escape") {
      handled = click("#end-form button");
    }
    if (handled) { event.preventDefault(); }
  });
  // After a swap htmx focuses [autofocus]; after a plain page load the browser does. This
  // covers a click elsewhere on the page: the next scan still lands in the scan field.
  document.addEventListener("htmx:afterSettle", function () {
    var scan = document.getElementById("scan");
    if (scan && document.activeElement && document.activeElement.tagName === "BODY") { scan.focus(); }
  });
})();
