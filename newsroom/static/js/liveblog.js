/* Live blog: new updates appear without reloading, older ones load in place.
 * Progressive enhancement: without this script the page is complete and "Load older updates"
 * is a plain link. The script polls one URL (the same for every reader, so caches can keep it)
 * and inserts the updates it has not seen, by id. */
(function () {
  "use strict";
  var root = document.querySelector("[data-liveblog]");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-updates-url");
  var seconds = parseInt(root.getAttribute("data-poll-seconds"), 10) || 0;
  var stream = root.querySelector(".liveblog__stream");
  var notice = root.querySelector(".liveblog__new");
  var seen = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-update-id]"), function (el) {
    seen[el.getAttribute("data-update-id")] = true;
  });

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function poll() {
    // "no-cache": the browser asks again every time (a 304 when nothing changed) instead of
    // keeping its copy for max-age: an update purged from the page cache and Varnish shows at the next poll.
    fetch(url, { headers: { Accept: "application/json" }, credentials: "omit", cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var fresh = data.updates.filter(function (u) { return !seen[u.id] && !u.pinned; });
        fresh.reverse().forEach(function (u) {  // oldest first, each inserted at the top
          seen[u.id] = true;
          var empty = stream.querySelector(".liveblog__empty");
          if (empty) empty.remove();
          stream.insertBefore(fragment(u.html), stream.firstChild);
        });
        if (fresh.length && notice) {
          notice.hidden = false;
          notice.textContent = fresh.length === 1 ? "1 new update" : fresh.length + " new updates";
        }
        if (data.status !== "live") seconds = 0;
      })
      .catch(function () {})
      .then(function () { if (seconds > 0) window.setTimeout(poll, seconds * 1000); });
  }

  var older = root.querySelector(".liveblog__older a");
  if (older) {
    older.addEventListener("click", function (event) {
      event.preventDefault();
      var before = older.getAttribute("data-before");
      fetch(url + "?before=" + encodeURIComponent(before), { credentials: "omit" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.updates.forEach(function (u) {
            if (seen[u.id]) return;
            seen[u.id] = true;
            stream.appendChild(fragment(u.html));
          });
          if (data.older_before) {
            older.setAttribute("data-before", data.older_before);
            older.href = older.href.replace(/before=\d+/, "before=" + data.older_before);
          } else {
            older.parentNode.remove();
          }
        })
        .catch(function () { window.location = older.href; });
    });
  }
  if (seconds > 0) window.setTimeout(poll, seconds * 1000);
})();
