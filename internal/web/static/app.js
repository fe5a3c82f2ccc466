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
