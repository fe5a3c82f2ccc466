// ebok works without JavaScript; this file only adds comfort.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the first error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});

// Copy buttons: shown only where the clipboard can be used.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var label = b.textContent;
      navigator.clipboard.writeText(b.getAttribute("data-copy")).then(function () {
        b.textContent = "✓ " + label;
        setTimeout(function () { b.textContent = label; }, 2000);
      });
    });
  });
});

// Letters out: refresh the sending progress bar every few seconds while
// copies remain; without JavaScript the page's Reload link does the same.
document.addEventListener("DOMContentLoaded", function () {
  var bar = document.getElementById("letter-progress");
  if (!bar || !window.fetch) { return; }
  var text = document.getElementById("letter-progress-text");
  var tick = function () {
    fetch(bar.getAttribute("data-src"), { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (p) {
      if (!p) { return; }
      bar.max = p.total; bar.value = p.done; bar.textContent = p.done + " / " + p.total;
      if (text) { text.textContent = p.text; }
      if (p.pending + p.queued > 0) { setTimeout(tick, 3000); }
    });
  };
  setTimeout(tick, 3000);
});
