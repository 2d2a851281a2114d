// Posts and videos in a story (cards made by blocks/embeds.py). Nothing from a provider
// loads until the reader presses a card's button; then the provider's frame, at the
// address the server worked out from the checked link, takes the picture's place.
// Without this script a card is a quote with a link to the original.
(function () {
  "use strict";

  var SMALLEST = 120;
  var TALLEST = 2000;

  function isHttps(address) {
    try {
      return new URL(address).protocol === "https:";
    } catch (error) {
      return false;
    }
  }

  function load(button) {
    var address = button.getAttribute("data-embed-frame");
    if (!isHttps(address)) return;
    var card = button.closest(".story-embed");
    var media = button.parentNode;
    var frame = document.createElement("iframe");
    frame.className = "story-embed__frame";
    frame.title = button.getAttribute("data-embed-title") || button.textContent;
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    // Players refuse to play without knowing the site; the origin is all they get.
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.src = address;
    media.replaceChildren(frame);
    media.classList.remove("story-embed__media--picture");
    card.classList.add("story-embed--loaded");
    frame.focus();
  }

  // Embedded posts say how tall they are: Bluesky {height}, Instagram {details: {height}},
  // X {"twttr.embed": {method: "twttr.private.resize", params: [{height}]}}.
  function heightIn(data) {
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        return 0;
      }
    }
    if (!data || typeof data !== "object") return 0;
    var twitter = data["twttr.embed"];
    var height =
      data.height ||
      (data.details && data.details.height) ||
      (twitter && twitter.method === "twttr.private.resize" && twitter.params && twitter.params[0] &&
        twitter.params[0].height);
    height = Number(height);
    return isFinite(height) && height > 0 ? Math.min(Math.max(height, SMALLEST), TALLEST) : 0;
  }

  window.addEventListener("message", function (event) {
    var frames = document.querySelectorAll(".story-embed--post .story-embed__frame");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== event.source) continue;  // only a frame of ours, about itself
      var height = heightIn(event.data);
      if (height) frames[i].style.height = Math.ceil(height) + "px";
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".story-embed__load[data-embed-frame]");
    if (button) load(button);
  });

  function offer() {
    var buttons = document.querySelectorAll(".story-embed__load[data-embed-frame]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", offer);
  else offer();
})();
