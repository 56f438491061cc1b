// Rouxing front-end glue: CSRF header for htmx requests, confirm dialogs, current section in the
// navigation. No inline scripts (CSP). Plain ES5 so that old intranet browsers run it.
document.addEventListener("htmx:configRequest", function (evt) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) { evt.detail.headers["X-CSRFToken"] = token.content; }
});
document.addEventListener("click", function (evt) {
  var el = evt.target;
  while (el && el.getAttribute && !el.getAttribute("data-confirm")) { el = el.parentNode; }
  if (el && el.getAttribute && !window.confirm(el.getAttribute("data-confirm"))) { evt.preventDefault(); evt.stopPropagation(); }
});
// Highlight the navigation link of the current section: the longest link path the page path starts
// with ("/" only on the workbench itself).
function markCurrentSection() {
  var links = document.querySelectorAll("header.top nav a");
  var path = window.location.pathname, best = null, bestLen = 0;
  for (var i = 0; i < links.length; i++) {
    var href = links[i].getAttribute("href") || "";
    var match = href === "/" ? path === "/" : path.indexOf(href) === 0;
    if (match && href.length > bestLen) { best = links[i]; bestLen = href.length; }
  }
  if (best) { best.className += " current"; best.setAttribute("aria-current", "page"); }
}
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", markCurrentSection); }
else { markCurrentSection(); }
