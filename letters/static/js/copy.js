// Copy buttons on the hand-off page. Without JavaScript the fields are still there to select.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  var done = document.documentElement.lang === "en" ? "Copied." : "Скопировано.";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      field.select();
      var finish = function () { status.textContent = done + " " + (field.labels[0] ? field.labels[0].textContent : ""); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(finish, function () { document.execCommand("copy"); finish(); });
      } else {
        document.execCommand("copy");
        finish();
      }
    });
  });
})();
