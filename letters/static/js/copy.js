// Copy buttons (hand-off and status pages). They are hidden until this script shows them:
// without JavaScript the fields are still there to select. The words come from the page.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  var done = status ? status.dataset.copied : "";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var value = field.value !== undefined ? field.value : field.textContent;
      if (field.select) field.select();
      var finish = function () {
        if (status) status.textContent = done + " " + (field.labels && field.labels[0] ? field.labels[0].textContent : "");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(finish, function () { document.execCommand("copy"); finish(); });
      } else {
        document.execCommand("copy");
        finish();
      }
    });
  });
})();
