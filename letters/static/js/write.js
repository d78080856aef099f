// The letter form (and the postcard and translation forms), enhanced: live Russian check with each finding beside
// the words, highlights, one-click fixes, a character counter and a draft kept in this browser
// for a stated time. Everything here is optional: without JavaScript the same check runs when
// the form is sent. Every word shown comes from the page (#write-strings), translated by the
// catalogue.
(function () {
  "use strict";
  var form = document.getElementById("letter-form") || document.getElementById("postcard-form") ||
    document.getElementById("translation-form");
  if (!form || !form.dataset.checkUrl) return;
  var T = JSON.parse(document.getElementById("write-strings").textContent);
  var textarea = form.querySelector("textarea[name=text]");
  var greeting = form.querySelector("[name=greeting]");
  var signature = form.querySelector("[name=signature]");
  var highlights = document.getElementById("text-highlights");
  var verdict = document.getElementById("check-verdict");
  var list = document.getElementById("check-findings");
  var fixedBox = document.getElementById("fixed-text");
  var counter = document.getElementById("text-counter");
  var draftStatus = document.getElementById("draft-status");
  // A postcard's draft is kept apart from a letter's to the same person.
  var DRAFT_KEY = "letters:draft:" + (form.dataset.draftKind ? form.dataset.draftKind + ":" : "") + form.dataset.prisoner;
  var DRAFT_MS = Number(form.dataset.draftDays || 7) * 24 * 3600 * 1000;
  var DEBOUNCE_MS = 500;
  // The translators' offer (the letter page only): shown as soon as the check turns the text
  // away in a language a volunteer translates from, hidden again when it passes.
  var offer = document.getElementById("translation-offer");
  var offerText = document.getElementById("translation-offer-text");
  var translated = offer ? JSON.parse(offer.dataset.languages || "[]") : [];
  var current = [];          // the findings now shown
  var announced = verdict.textContent.trim();

  // ---- the draft: every field, saved on each change, restored when the page opens empty
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name !== "csrf_token" && el.type !== "submit" && el.type !== "hidden";
  });
  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  function saveDraft() {
    var data = {};
    fields.forEach(function (el) {
      // A group of radio buttons is one field: the value of the one chosen.
      if (el.type === "radio") { if (el.checked) data[el.name] = el.value; return; }
      data[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    var s = storage();
    if (s) try { s.setItem(DRAFT_KEY, JSON.stringify({ saved: Date.now(), fields: data })); } catch (e) { /* full */ }
  }
  function readDraft() {
    var s = storage(), raw = s && s.getItem(DRAFT_KEY);
    if (!raw) return null;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { draft = null; }
    if (!draft || !draft.fields || !(Date.now() - draft.saved < DRAFT_MS)) {
      s.removeItem(DRAFT_KEY); // expired (or from an older version): forget it
      return null;
    }
    return draft.fields;
  }
  function fill(data) {
    fields.forEach(function (el) {
      if (!(el.name in data)) return;
      // A radio button's value is what the server receives: never overwrite it.
      if (el.type === "radio") el.checked = el.value === data[el.name];
      else if (el.type === "checkbox") el.checked = data[el.name];
      else el.value = data[el.name];
    });
  }
  function restoreDraft() {
    var data = readDraft();
    if (!data || textarea.value.trim()) return; // what the server sent back wins
    fill(data);
    draftStatus.hidden = false;
    draftStatus.textContent = T.restored + " " + T.expires + " ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = T.discard;
    discard.addEventListener("click", function () {
      var s = storage();
      if (s) s.removeItem(DRAFT_KEY);
      fields.forEach(function (el) {
        if (el.type === "radio") el.checked = el.defaultChecked;
        else if (el.type === "checkbox") el.checked = false;
        else if (el.tagName !== "SELECT") el.value = "";
      });
      draftStatus.hidden = true;
      textarea.focus();
      update();
    });
    draftStatus.appendChild(discard);
  }
  // Once the letter is queued or handed off, the draft leaves this browser; the next page
  // offers to bring it back (draft-undo.js) for a short while.
  form.addEventListener("submit", function (e) {
    var by = e.submitter;
    var leaving = by && (by.value === "queue" || (by.formAction || "").indexOf("/handoff/") >= 0);
    var s = storage();
    if (!leaving || !s) return;
    var raw = s.getItem(DRAFT_KEY);
    if (!raw) return;
    try { window.sessionStorage.setItem("letters:undo", JSON.stringify({ key: DRAFT_KEY, draft: raw })); } catch (err) { /* ignore */ }
    s.removeItem(DRAFT_KEY);
  });

  // ---- highlights: a mirror of the text behind the transparent textarea
  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function paint(findings) {
    var text = textarea.value, html = "", pos = 0;
    findings.map(function (f, i) { return { f: f, i: i }; })
      .filter(function (x) { return x.f.end > x.f.start; })
      .sort(function (a, b) { return a.f.start - b.f.start; })
      .forEach(function (x) {
        if (x.f.start < pos) return;
        html += escapeHtml(text.slice(pos, x.f.start));
        html += '<mark id="mark-' + x.i + '" class="hl-' + x.f.kind + '">' + escapeHtml(text.slice(x.f.start, x.f.end)) + "</mark>";
        pos = x.f.end;
      });
    html += escapeHtml(text.slice(pos)) + "\n";
    highlights.innerHTML = html;
    syncScroll();
  }
  function syncScroll() { highlights.style.transform = "translateY(" + (-textarea.scrollTop) + "px)"; }

  // The highlight under the cursor lights up its explanation (and the reverse: "Show").
  function markCurrent() {
    var at = textarea.selectionStart;
    current.forEach(function (f, i) {
      var li = document.getElementById("finding-" + i);
      var mark = document.getElementById("mark-" + i);
      var here = f.end > f.start && at >= f.start && at <= f.end;
      if (li) li.classList.toggle("current", here);
      if (mark) mark.classList.toggle("current", here);
      if (here && li) li.scrollIntoView({ block: "nearest" });
    });
  }
  function show(f) {
    textarea.focus();
    textarea.setSelectionRange(f.start, f.end);
    markCurrent();
  }
  function applyFix(f) {
    var text = textarea.value;
    if (text.slice(f.start, f.end) !== f.text) return; // the text moved on since the check
    textarea.value = text.slice(0, f.start) + f.suggestion + text.slice(f.end);
    textarea.focus();
    textarea.setSelectionRange(f.start + f.suggestion.length, f.start + f.suggestion.length);
    update();
  }
  function button(label, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    b.addEventListener("click", onclick);
    return b;
  }
  function summary(result) {
    var s = T[result.verdict];
    if (result.findings.length) s += " " + T.points.replace("{count}", result.findings.length);
    return s;
  }
  function showOffer(result) {
    if (!offer || !translated.length) return;
    var offered = result.verdict === "reject" && translated.indexOf(result.language) >= 0 && result.language_name;
    if (offered) offerText.textContent = offerText.dataset.template.replace("{language}", result.language_name);
    offer.hidden = !offered;
  }
  function render(result) {
    current = result.findings;
    verdict.className = "verdict verdict-" + result.verdict;
    var said = summary(result);
    // The verdict line is the only live region: touch it only when the result changes.
    if (said !== announced) { verdict.textContent = said; announced = said; }
    textarea.setAttribute("aria-invalid", result.verdict === "reject" ? "true" : "false");
    showOffer(result);
    list.innerHTML = "";
    result.findings.forEach(function (f, i) {
      var li = document.createElement("li");
      li.id = "finding-" + i;
      li.className = "finding finding-" + f.kind;
      var q = document.createElement("q");
      q.lang = "ru";
      q.textContent = f.text;
      li.appendChild(q);
      li.appendChild(document.createTextNode(" — " + f.message + " "));
      var row = document.createElement("span");
      row.className = "finding-actions";
      if (f.end > f.start) row.appendChild(button(T.show, "link-button", function () { show(f); }));
      if (f.suggestion && f.end > f.start) {
        row.appendChild(button(T.fix + ": «" + f.suggestion + "»", "button secondary small-button", function () { applyFix(f); }));
      }
      li.appendChild(row);
      list.appendChild(li);
    });
    if (fixedBox) fixedBox.remove();
    fixedBox = null;
    if (result.fixed_text !== textarea.value) {
      fixedBox = document.createElement("div");
      fixedBox.className = "fixed-text";
      fixedBox.id = "fixed-text";
      fixedBox.appendChild(button(T.fixAll, "button", function () {
        textarea.value = result.fixed_text;
        textarea.focus(); // never leave focus on a button that is about to disappear
        update();
      }));
      list.parentNode.insertBefore(fixedBox, list.nextSibling);
    }
    paint(result.findings);
    markCurrent();
  }

  // «1 символ», «2 символа», «5 символов»: the catalogue's forms, chosen by the page's language.
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  function charCount(n) {
    var key = plural ? plural.select(n) : (n === 1 ? "one" : "other");
    return (T.chars[key] || T.chars.other).replace("{n}", n);
  }

  function count() {
    // Counted as a service receives it: greeting, text and signature, as pasted.
    var parts = [greeting && greeting.value.trim(), textarea.value.trim(), signature && signature.value.trim()];
    var n = parts.filter(Boolean).join("\n\n").length;
    var limits = JSON.parse(counter.dataset.limits || "[]");
    var names = JSON.parse(counter.dataset.limitNames || "[]");
    var out = [charCount(n)];
    limits.forEach(function (limit, i) {
      out.push(names[i] + ": " + n + " / " + limit + (n > limit ? " ✗" : ""));
    });
    counter.textContent = out.join(" · ");
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
      .catch(function (e) { if (e.name !== "AbortError") { verdict.textContent = T.failed; announced = T.failed; } });
  }
  function update() {
    saveDraft();
    count();
    current = [];
    paint([]);
    clearTimeout(timer);
    timer = setTimeout(runCheck, DEBOUNCE_MS);
  }

  document.querySelectorAll("[data-opening]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      textarea.value = link.dataset.opening + (textarea.value ? "\n\n" + textarea.value : "");
      textarea.focus();
      update();
    });
  });
  form.addEventListener("input", function (e) {
    if (e.target === textarea) update(); else { saveDraft(); count(); }
  });
  form.addEventListener("change", saveDraft);
  textarea.addEventListener("scroll", syncScroll);
  ["click", "keyup", "select"].forEach(function (ev) { textarea.addEventListener(ev, markCurrent); });
  form.classList.add("js-enhanced");
  restoreDraft();
  count();
  if (textarea.value.trim()) runCheck(); else paint([]);
})();
