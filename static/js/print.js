// Print buttons: <button data-print> opens the browser's print dialogue (no inline onclick, so
// the page keeps a Content-Security-Policy without 'unsafe-inline').
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
