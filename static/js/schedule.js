// Says "publish now" before saving when a chosen go-live time has already passed.
// Times are compared on the newsroom's clock, which the server gives as data-now.
(function () {
  "use strict";
  function wallClock(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value || "");
    return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)) : null;
  }
  var loadedAt = Date.now();
  function setUp() {
    document.querySelectorAll("form.desk-timed").forEach(watch);
  }
  function watch(form) {
    var input = form.querySelector("input[data-past-note]");
    if (!input) return;
    var note = document.getElementById(input.dataset.pastNote);
    var serverNow = wallClock(form.dataset.now);
    function update() {
      var chosen = wallClock(input.value);
      var now = serverNow + (Date.now() - loadedAt);
      note.textContent = chosen !== null && chosen <= now
        ? "That time has passed: the story will be published now."
        : "";
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
