// A live story's page: asks the small, cached updates endpoint every few seconds what
// changed. New entries wait behind a "Show 3 new updates" button, announced politely,
// so the page never moves under the reader; corrections, pins, withdrawals, key points
// and the status line change in place. Without this script the page is complete as served.
(function () {
  "use strict";
  var section, list, button, url, interval;
  var latest = null; // the newest answer: what "Show" puts on the page
  var timer = null;
  var failures = 0;
  var stopped = false;
  var asking = false; // a request is on its way

  function template(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    // A post or video card's button waits hidden for blocks/embeds.js, which this page
    // loads whenever it polls; cards arriving later are offered here.
    holder.content.querySelectorAll(".story-embed__load[data-embed-frame]").forEach(function (load) {
      load.hidden = false;
    });
    return holder.content.firstElementChild;
  }

  function onPage(id) {
    return list.querySelector('[data-entry="' + id + '"]');
  }

  function order(text) {
    var parts = String(text).split(" ");
    return [Number(parts[0]), Number(parts[1])];
  }

  function isNewer(a, b) {
    return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  }

  function replaceParts(parts) {
    Object.keys(parts).forEach(function (name) {
      var shown = document.querySelector('[data-live-part="' + name + '"]');
      if (shown && shown.dataset.stamp !== parts[name].stamp) {
        shown.replaceWith(template(parts[name].html));
      }
    });
  }

  // Entries already on the page: changed ones replaced, withdrawn (or pinned) ones removed.
  function refreshShown(answer) {
    var wanted = {};
    answer.entries.forEach(function (entry) {
      wanted[entry.id] = entry;
    });
    var oldest = answer.entries.length ? answer.entries[answer.entries.length - 1].order : null;
    list.querySelectorAll("[data-entry]").forEach(function (shown) {
      var entry = wanted[shown.dataset.entry];
      if (entry) {
        if (shown.dataset.stamp !== entry.stamp) shown.replaceWith(template(entry.html));
        return;
      }
      // Gone from the newest few: withdrawn or pinned, unless it is simply older.
      var inWindow = !answer.more || (oldest && !isNewer(oldest, order(shown.dataset.order)));
      if (inWindow && !(document.activeElement && shown.contains(document.activeElement))) {
        shown.remove();
      }
    });
  }

  function waiting(answer) {
    return answer.entries.filter(function (entry) {
      return !onPage(entry.id);
    });
  }

  function offer(answer) {
    var count = waiting(answer).length;
    if (!count) {
      button.hidden = true;
      button.textContent = "";
      return;
    }
    // Further behind than one answer holds: the whole page is loaded again instead.
    var behind = answer.more && count === answer.entries.length && list.querySelector("[data-entry]");
    var text = behind
      ? "Show the newest updates"
      : "Show " + count + " new update" + (count === 1 ? "" : "s");
    if (button.textContent !== text) button.textContent = text;
    button.dataset.reload = behind ? "1" : "";
    button.hidden = false;
  }

  function show() {
    if (!latest) return;
    if (button.dataset.reload) {
      window.location.reload();
      return;
    }
    var first = null;
    // Oldest first, each placed below the nearest newer one already shown.
    var entries = latest.entries.slice().reverse();
    entries.forEach(function (entry, index) {
      if (onPage(entry.id)) return;
      var node = template(entry.html);
      var newer = null; // the nearest newer update already shown: this one goes below it
      for (var i = index + 1; i < entries.length && !newer; i++) {
        newer = onPage(entries[i].id);
      }
      if (newer) newer.after(node);
      else list.prepend(node);
      first = node;
    });
    var empty = list.querySelector(".live-updates__empty");
    if (empty) empty.remove();
    button.hidden = true;
    button.textContent = "";
    // The reader asked for them: the newest takes focus, so the next Tab reads on from it.
    if (first) first.focus();
  }

  function apply(answer) {
    latest = answer;
    replaceParts(answer.parts || {});
    refreshShown(answer);
    offer(answer);
    if (!answer.live) stop();
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
  }

  function later(seconds) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    clearTimeout(timer);
    if (stopped || asking) return;
    if (document.hidden) return; // picked up again when the page is looked at
    asking = true;
    // "no-cache": the browser asks again each time, with its ETag; a 304 costs nothing.
    fetch(url, { cache: "no-cache", credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) {
          stop(); // the story is gone
          return null;
        }
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        asking = false;
        failures = 0;
        if (answer) apply(answer);
        later(interval);
      })
      .catch(function () {
        asking = false;
        failures += 1;
        later(Math.min(60, interval * Math.pow(2, failures)));
      });
  }

  function setUp() {
    section = document.querySelector("[data-updates-url]");
    if (!section || !window.fetch || !("content" in document.createElement("template"))) return;
    list = section.querySelector("[data-live-list]");
    button = section.querySelector(".live-updates__show");
    url = section.dataset.updatesUrl;
    interval = Number(section.dataset.pollSeconds) || 3;
    button.addEventListener("click", show);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && !stopped) poll();
    });
    later(interval);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
