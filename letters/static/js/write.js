// The letter form, enhanced: live Russian check, highlights, one-click fixes, a character
// counter and a draft kept in this browser. Everything here is optional: without JavaScript
// the same check runs when the form is sent.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form) return;
  var textarea = form.querySelector("textarea[name=text]");
  var highlights = document.getElementById("text-highlights");
  var verdict = document.getElementById("check-verdict");
  var list = document.getElementById("check-findings");
  var counter = document.getElementById("text-counter");
  var draftStatus = document.getElementById("draft-status");
  var lang = document.documentElement.lang;
  var DRAFT_KEY = "letters:draft:" + form.dataset.prisoner;
  var DEBOUNCE_MS = 500;
  var T = lang === "en" ? {
    ok: "All good: the letter is in Russian and has nothing to watch out for.",
    warn: "The letter is in Russian. Look at the points below before you send it.",
    reject: "This letter would not pass the prison censor. Change what is marked below.",
    fix: "Fix", fixAll: "Use the corrected text", chars: "characters", atMost: "at most",
    restored: "Your draft was restored from this browser.", discard: "Discard the draft",
    failed: "The check could not run just now; it will run when you send the form."
  } : {
    ok: "Всё хорошо: письмо на русском, ничего настораживающего нет.",
    warn: "Письмо на русском. Посмотрите замечания ниже, прежде чем отправлять.",
    reject: "Такое письмо цензор не пропустит. Исправьте отмеченное ниже.",
    fix: "Исправить", fixAll: "Взять исправленный текст", chars: "символов", atMost: "не больше",
    restored: "Черновик восстановлен из этого браузера.", discard: "Удалить черновик",
    failed: "Проверка сейчас недоступна; она пройдёт при отправке формы."
  };

  // ---- the draft: every field, saved on each change, restored when the page opens empty
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name !== "csrf_token" && el.type !== "submit" && el.type !== "hidden";
  });
  function saveDraft() {
    var data = {};
    fields.forEach(function (el) { data[el.name] = el.type === "checkbox" ? el.checked : el.value; });
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function restoreDraft() {
    var raw;
    try { raw = localStorage.getItem(DRAFT_KEY); } catch (e) { return; }
    if (!raw || textarea.value.trim()) return; // what the server sent back wins
    var data = JSON.parse(raw);
    fields.forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox") el.checked = data[el.name]; else el.value = data[el.name];
    });
    draftStatus.hidden = false;
    draftStatus.textContent = T.restored + " ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = T.discard;
    discard.addEventListener("click", function () {
      try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* ignore */ }
      fields.forEach(function (el) { if (el.type === "checkbox") el.checked = false; else if (el.tagName !== "SELECT") el.value = ""; });
      draftStatus.hidden = true;
      update();
    });
    draftStatus.appendChild(discard);
  }

  // ---- highlights: a mirror of the text behind the transparent textarea
  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function paint(findings) {
    var text = textarea.value, html = "", pos = 0;
    findings.filter(function (f) { return f.end > f.start; })
      .sort(function (a, b) { return a.start - b.start; })
      .forEach(function (f) {
        if (f.start < pos) return;
        html += escapeHtml(text.slice(pos, f.start));
        html += '<mark class="hl-' + f.kind + '">' + escapeHtml(text.slice(f.start, f.end)) + "</mark>";
        pos = f.end;
      });
    html += escapeHtml(text.slice(pos)) + "\n";
    highlights.innerHTML = html;
    syncScroll();
  }
  function syncScroll() { highlights.style.transform = "translateY(" + (-textarea.scrollTop) + "px)"; }

  function applyFix(f) {
    var text = textarea.value;
    if (text.slice(f.start, f.end) !== f.text) return; // the text moved on since the check
    textarea.value = text.slice(0, f.start) + f.suggestion + text.slice(f.end);
    textarea.focus();
    update();
  }
  function render(result) {
    verdict.className = "verdict verdict-" + result.verdict;
    verdict.textContent = T[result.verdict];
    list.innerHTML = "";
    result.findings.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "finding finding-" + f.kind;
      var q = document.createElement("q");
      q.lang = "ru";
      q.textContent = f.text;
      li.appendChild(q);
      li.appendChild(document.createTextNode(" — " + f.message + " "));
      if (f.suggestion && f.end > f.start) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button secondary small-button";
        b.textContent = T.fix + ": «" + f.suggestion + "»";
        b.addEventListener("click", function () { applyFix(f); });
        li.appendChild(b);
      }
      list.appendChild(li);
    });
    if (result.fixed_text !== textarea.value) {
      var li = document.createElement("li");
      var all = document.createElement("button");
      all.type = "button";
      all.className = "button";
      all.id = "accept-all-fixes";
      all.textContent = T.fixAll;
      all.addEventListener("click", function () { textarea.value = result.fixed_text; update(); });
      li.appendChild(all);
      list.appendChild(li);
    }
    paint(result.findings);
  }

  function count() {
    var n = textarea.value.length;
    var limits = JSON.parse(counter.dataset.limits || "[]");
    var names = JSON.parse(counter.dataset.limitNames || "[]");
    var parts = [n + " " + T.chars];
    limits.forEach(function (limit, i) {
      parts.push(names[i] + ": " + n + " / " + limit + (n > limit ? " ✗" : ""));
    });
    counter.textContent = parts.join(" · ");
  }

  var timer = null, inflight = null, csrf = form.querySelector("input[name=csrf_token]");
  function runCheck() {
    if (inflight) inflight.abort();
    inflight = new AbortController();
    fetch(form.dataset.checkUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify({ text: textarea.value }),
      signal: inflight.signal,
      credentials: "same-origin"
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(render)
      .catch(function (e) { if (e.name !== "AbortError") verdict.textContent = T.failed; });
  }
  function update() {
    saveDraft();
    count();
    paint([]);
    clearTimeout(timer);
    timer = setTimeout(runCheck, DEBOUNCE_MS);
  }

  document.querySelectorAll("[data-opening]").forEach(function (b) {
    b.addEventListener("click", function () {
      textarea.value = b.dataset.opening + (textarea.value ? "\n\n" + textarea.value : "");
      textarea.focus();
      update();
    });
  });
  form.addEventListener("input", function (e) { if (e.target === textarea) update(); else saveDraft(); });
  form.addEventListener("change", saveDraft);
  textarea.addEventListener("scroll", syncScroll);
  form.classList.add("js-enhanced");
  restoreDraft();
  count();
  if (textarea.value.trim()) runCheck(); else paint([]);
})();
