"use strict";
// Live character counts under text boxes (newsroom.widgets.Counted). The count is the
// box's description (aria-describedby), read when the box is focused; it is not a live
// region, so it does not speak at every key. A separate polite live region says once
// when the text goes past the limit, and once when it is back within it.
{
  // As the server counts: characters, not UTF-16 units (an emoji is one).
  function length(text) {
    return Array.from(text).length;
  }

  function countText(count, limit) {
    const text = `${count} of ${limit} characters`;
    return count > limit ? `${text}: ${count - limit} too many` : text;
  }

  function labelFor(box) {
    const label = box.id && document.querySelector(`label[for="${box.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "This field";
  }

  function setUp(counter) {
    const box = document.getElementById(counter.dataset.countFor);
    if (!box) {
      return;
    }
    const limit = Number(counter.dataset.countLimit);
    const number = counter.querySelector(".counted__number");
    const alert = counter.parentElement.querySelector(".counted__alert");
    let over = length(box.value) > limit;

    function update() {
      const count = length(box.value);
      number.textContent = countText(count, limit);
      counter.classList.toggle("counted__count--over", count > limit);
      if (count > limit !== over) {
        over = count > limit;
        alert.textContent = over
          ? `${labelFor(box)} is over ${limit} characters: shorten it to save.`
          : `${labelFor(box)} is within ${limit} characters again.`;
      }
    }

    box.addEventListener("input", update);
    box.addEventListener("change", update);
  }

  function setUpAll() {
    document.querySelectorAll("[data-count-for]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
}
