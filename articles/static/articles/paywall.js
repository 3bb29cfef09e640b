/* The reader's side of the paywall (articles/models/paywall.py): the HTML is the same for everyone, this
   decides, before the page is painted, whether the gated part shows. Nothing leaves the browser.
   localStorage keys: "newsroom.subscriber" / "newsroom.registered" ("1", set by the subscription
   service or the newsletter signup), "newsroom.meter" (the metered articles opened in the last
   30 days, as [[articleId, timestampMs], ...]). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var config = script.dataset;
  var root = document.documentElement;
  var DAY = 86400000;
  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no meter */ }
  }
  function meterAllows(articleId, allowance, days) {
    var now = Date.now();
    var visits = [];
    try { visits = JSON.parse(read("newsroom.meter") || "[]"); } catch (e) { visits = []; }
    if (!Array.isArray(visits)) visits = [];
    visits = visits.filter(function (v) { return Array.isArray(v) && now - v[1] < days * DAY; });
    var seen = visits.some(function (v) { return v[0] === articleId; });
    var allowed = seen || visits.length < allowance;
    if (allowed && !seen) visits.push([articleId, now]);
    write("newsroom.meter", JSON.stringify(visits));
    return allowed;
  }
  var open = read("newsroom.subscriber") === "1" ||
    (config.wall === "register" && read("newsroom.registered") === "1") ||
    (config.access === "metered" &&
      meterAllows(config.article, parseInt(config.allowance, 10) || 0, parseInt(config.days, 10) || 30));
  root.classList.add(open ? "paywall-open" : "paywall-locked");
  if (config.wall === "register") {
    document.addEventListener("submit", function (event) {
      if (event.target.closest && event.target.closest("[data-paywall]")) write("newsroom.registered", "1");
    });
  }
})();
