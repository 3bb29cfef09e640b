/* Progressive enhancement for newsletter signup forms: submit in place, answer inline.
   Without JavaScript the form posts normally and the server answers with a page. */
(function () {
  "use strict";

  function enhance(form) {
    if (form.dataset.newsletterEnhanced) return;
    form.dataset.newsletterEnhanced = "1";
    var status = form.querySelector("[data-newsletter-status]");
    var error = form.querySelector("[data-newsletter-error]");
    var email = form.querySelector("input[name=email]");
    var button = form.querySelector("button[type=submit]");

    function showError(message) {
      if (!error) return;
      error.textContent = message;
      error.hidden = !message;
      if (email) email.setAttribute("aria-invalid", message ? "true" : "false");
    }

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      showError("");
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "omit",
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (data.ok) {
            var message = document.createElement("p");
            message.className = "newsletter-signup__success";
            message.setAttribute("role", "status");
            message.textContent = data.message;
            form.replaceWith(message);
            return;
          }
          var errors = data.errors || {};
          var messages = [].concat(errors.email || [], errors.__all__ || []);
          showError(messages.join(" ") || "Something went wrong. Please try again.");
          if (email) email.focus();
        })
        .catch(function () {
          form.submit(); /* fall back to the plain form post */
        })
        .finally(function () {
          if (button) button.disabled = false;
        });
    });
  }

  function init() {
    document.querySelectorAll("form[data-newsletter-signup]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
