"use strict";
// A slug box that follows another box (newsroom.widgets.SlugInput): as the headline is
// typed, the slug is made from it, until the writer types a slug of their own.
// Emptying the slug lets it follow again. The server decides the same way
// (articles.slugs), so a form sent without this script saves the same slug.
{
  // As django.utils.text.slugify, cut as articles.slugs.from_headline cuts it.
  const LENGTH = 190;

  function slugFrom(text) {
    const slug = text
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, LENGTH)
      .replace(/^-+|-+$/g, "");
    return slug || "story";
  }

  function setUp(slug) {
    const source = document.getElementById(slug.dataset.slugFrom);
    if (!source) {
      return;
    }
    let following = true;
    source.addEventListener("input", () => {
      if (following) {
        slug.value = source.value.trim() ? slugFrom(source.value) : "";
      }
    });
    // Typed by hand (or put back by autosave's restore): it follows only if it is
    // empty or still what the headline makes.
    slug.addEventListener("input", () => {
      following = slug.value === "" || slug.value === slugFrom(source.value);
    });
  }

  function setUpAll() {
    document.querySelectorAll("input[data-slug-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
}
