// Re-runs the fact desk's checks as the writer types (after a pause), so name and age
// findings appear before saving. Fix buttons come with the next save.
(function () {
  "use strict";
  var FIELDS = ["headline", "standfirst", "body", "hero_caption"];
  var timer = null;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function render(panel, data) {
    var list = panel.querySelector(".desk-findings");
    var ok = panel.querySelector(".desk-ok");
    if (!list) {
      list = document.createElement("ul");
      list.className = "desk-findings";
      panel.querySelector("h2").after(list);
    }
    list.replaceChildren();
    data.findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "desk-finding desk-finding--" + finding.kind;
      var message = document.createElement("strong");
      message.textContent = finding.message;
      var quote = document.createElement("blockquote");
      quote.textContent = finding.sentence;
      item.append(message, quote);
      list.append(item);
    });
    if (ok) ok.hidden = data.findings.length > 0;
  }

  function check(panel, form) {
    var body = new FormData();
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) body.append(name, field.value);
    });
    fetch(panel.dataset.checksUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(form) },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) render(panel, data); })
      .catch(function () {});
  }

  function setUp() {
    var panel = document.querySelector(".desk-checks[data-checks-url]");
    var form = document.getElementById("article_form");
    if (!panel || !form) return;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { check(panel, form); }, 1200);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
