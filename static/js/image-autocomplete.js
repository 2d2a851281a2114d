"use strict";
// Picture pickers (autocomplete for a hero image, a photo or a poster) show a
// thumbnail beside each choice. The admin's autocomplete JSON carries a "thumbnail"
// URL for images (newsroom.admin_site); other autocompletes look as before.
// Loaded after select2 and before the admin starts its widgets on page load.
{
  const $ = window.django && window.django.jQuery;

  function withThumbnail(choice) {
    if (!choice.thumbnail) {
      return choice.text;
    }
    const row = document.createElement("span");
    row.className = "image-choice";
    row.style.display = "flex";
    row.style.alignItems = "center";
    row.style.gap = "0.5rem";
    const picture = document.createElement("img");
    picture.src = choice.thumbnail;
    picture.alt = "";
    picture.height = 48;
    picture.style.width = "72px";
    picture.style.objectFit = "cover";
    const label = document.createElement("span");
    label.textContent = choice.text;
    row.append(picture, label);
    return $(row);
  }

  if ($ && $.fn.select2) {
    $.fn.select2.defaults.set("templateResult", withThumbnail);
  }
}
