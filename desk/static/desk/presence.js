// Who else has this story open: the page checks in every few seconds and shows the others
// the server has seen lately; leaving the page says goodbye at once.
(function () {
  "use strict";
  var tools, banner;
  var timer = null;
  var waiting = false; // a check-in is on its way
  var stopped = false; // refused: this person may no longer edit the story
  var submitting = false;
  var shown = "";

  function tokenOnly() {
    var data = new FormData();
    var token = document.querySelector("#article_form input[name=csrfmiddlewaretoken]");
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    return data;
  }

  function sentence(other) {
    return other.name + " is editing this story, since " + other.since + ".";
  }

  function show(others) {
    var text = others.map(sentence).join("\n");
    if (text === shown) return; // unchanged: nothing new for a screen reader to announce
    shown = text;
    banner.replaceChildren.apply(
      banner,
      others.map(function (other) {
        var line = document.createElement("p");
        line.textContent = sentence(other);
        return line;
      })
    );
  }

  function beat() {
    clearTimeout(timer);
    if (stopped || waiting) return;
    waiting = true;
    fetch(tools.dataset.heartbeatUrl, { method: "POST", body: tokenOnly(), credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 403) {
          stopped = true;
          show([]);
        }
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer) show(answer.others);
      })
      .catch(function () {})
      .finally(function () {
        waiting = false;
        if (!stopped) timer = setTimeout(beat, tools.dataset.heartbeatSeconds * 1000);
      });
  }

  function leave() {
    clearTimeout(timer);
    // A page being saved comes straight back: no goodbye, so "since" carries on.
    if (!stopped && !submitting) navigator.sendBeacon(tools.dataset.leaveUrl, tokenOnly());
  }

  function setUp() {
    tools = document.getElementById("desk-story-tools");
    banner = tools && tools.querySelector(".desk-presence");
    if (!banner || !tools.dataset.heartbeatUrl) return;
    var form = document.getElementById("article_form");
    if (form) {
      form.addEventListener("submit", function (event) {
        submitting = true;
        setTimeout(function () {
          if (event.defaultPrevented) submitting = false; // the submission was stopped
        }, 0);
      });
    }
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = false;
        beat(); // back from the browser's page cache
      }
    });
    document.addEventListener("visibilitychange", function () {
      // Browsers slow the timers of background tabs: check in as soon as it is looked at.
      if (document.visibilityState === "visible") beat();
    });
    beat();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
