// After a letter is queued or handed off, write.js removes its draft from this browser and
// leaves it here for one undo. The words come from the page.
(function () {
  "use strict";
  var box = document.getElementById("draft-undo");
  var raw;
  try { raw = window.sessionStorage.getItem("letters:undo"); window.sessionStorage.removeItem("letters:undo"); } catch (e) { return; }
  if (!box || !raw) return;
  var saved = JSON.parse(raw);
  box.textContent = box.dataset.text + " ";
  var undo = document.createElement("button");
  undo.type = "button";
  undo.className = "link-button";
  undo.textContent = box.dataset.undo;
  undo.addEventListener("click", function () {
    try { window.localStorage.setItem(saved.key, saved.draft); } catch (e) { return; }
    box.textContent = box.dataset.kept;
    box.setAttribute("tabindex", "-1");
    box.focus();
  });
  box.appendChild(undo);
  box.hidden = false;
})();
