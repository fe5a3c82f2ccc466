// ebok works without JavaScript; this file only adds comfort.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the first error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
