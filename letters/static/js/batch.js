// The batch page's progress bar, updated without reloading (the page also refreshes itself
// every few seconds when JavaScript is off).
(function () {
  "use strict";
  var box = document.getElementById("generation");
  if (!box) return;
  var bar = document.getElementById("generation-progress");
  var text = document.getElementById("generation-text");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        bar.value = p.done;
        text.textContent = p.done + " / " + p.total;
        if (p.ready || p.failed) { window.location.reload(); } else { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
