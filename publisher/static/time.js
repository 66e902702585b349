// Relative times for wiredesk pages. Pages are rendered once and cached,
// and exported as static files, so they carry only absolute times
// ("4 Dec 2026, 19:19 UTC" in <time datetime>); this script adds how long
// ago that was when the page is read, and keeps it true while it is open.
(function () {
  "use strict";
  function plural(n, unit) {
    return n === 1 ? "1 " + unit : n + " " + unit + "s";
  }
  // In the page's language when the browser can (Intl.RelativeTimeFormat:
  // "il y a 13 minutes", "قبل ١٣ دقيقة"), else English.
  var rtf = null;
  try {
    if (window.Intl && Intl.RelativeTimeFormat) {
      rtf = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" });
    }
  } catch (e) {
    rtf = null;
  }
  function ago(ms) {
    var m = Math.floor(ms / 60000);
    if (rtf) {
      if (m < 1) return rtf.format(0, "second");
      if (m < 60) return rtf.format(-m, "minute");
      if (m < 24 * 60) return rtf.format(-Math.floor(m / 60), "hour");
      var days = Math.floor(m / (24 * 60));
      return days < 30 ? rtf.format(-days, "day") : "";
    }
    if (m < 1) return "just now";
    if (m < 60) return plural(m, "minute") + " ago";
    var h = Math.floor(m / 60);
    if (h < 24) return plural(h, "hour") + " ago";
    if (h < 48) return "yesterday";
    var d = Math.floor(h / 24);
    return d < 30 ? plural(d, "day") + " ago" : "";
  }
  function update() {
    var now = Date.now();
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var t = Date.parse(el.getAttribute("datetime"));
      if (isNaN(t)) continue;
      var span = el.nextElementSibling;
      if (!span || span.className !== "ago") {
        span = document.createElement("span");
        span.className = "ago";
        el.parentNode.insertBefore(span, el.nextSibling);
      }
      var text = ago(now - t);
      span.textContent = text ? " (" + text + ")" : "";
    }
  }
  update();
  setInterval(update, 60000);
})();
