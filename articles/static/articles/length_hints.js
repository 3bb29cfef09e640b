/* Character counters for the article editor's search and social fields (articles/models/social.py):
   each field with data-length-hint shows "n / limit characters" and is flagged once over. */
(function () {
  "use strict";
  function attach(field) {
    if (field.dataset.lengthHintReady) return;
    field.dataset.lengthHintReady = "1";
    var limit = parseInt(field.dataset.lengthHint, 10);
    var counter = document.createElement("p");
    counter.className = "help length-hint";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    function update() {
      var length = field.value.length;
      counter.textContent = length + " / " + limit + " characters" + (length > limit ? ": likely cut off" : "");
      counter.style.color = length > limit ? "#cd4444" : "";
    }
    field.addEventListener("input", update);
    update();
  }
  function scan() {
    document.querySelectorAll("[data-length-hint]").forEach(attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
