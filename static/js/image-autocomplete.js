"use strict";
// Picture pickers (autocomplete for a hero image, a photo or a poster) show a
// thumbnail beside each choice, and the story's picker the chosen picture beside it. The admin's autocomplete JSON carries a "thumbnail"
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

  // The picture chosen in a picker shows beside it (newsroom.pickers.PicturePicker puts
  // an <img data-picture-preview> just before the <select>).
  function previewOf(select) {
    const preview = select.previousElementSibling;
    return preview && preview.matches("img[data-picture-preview]") ? preview : null;
  }

  function show(preview, url, value) {
    if (url) {
      preview.src = url;
    } else {
      preview.removeAttribute("src");
    }
    preview.hidden = !url;
    preview.dataset.picturePreview = url ? value : "";
  }

  if ($ && $.fn.select2) {
    $.fn.select2.defaults.set("templateResult", withThumbnail);
    $(document).on("select2:select", "select", function (event) {
      const preview = previewOf(this);
      if (preview) {
        show(preview, event.params.data.thumbnail, this.value);
      }
    });
    // Cleared, or filled some other way (a picture added in a pop-up): no thumbnail known.
    $(document).on("change", "select", function () {
      const preview = previewOf(this);
      if (preview && preview.dataset.picturePreview !== this.value) {
        show(preview, "", "");
      }
    });
  }
}
