"use strict";
// The image form's focal point: click the picture on what every crop must keep
// (usually a face); the two number fields below it follow, and so does the marker.
// On the add form the chosen file is previewed so the point can be set before upload.
{
  const clamp = (value) => Math.min(1, Math.max(0, value));

  function setUp(picker) {
    const picture = picker.querySelector(".focal-picker__image");
    const marker = picker.querySelector(".focal-picker__marker");
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    const upload = document.getElementById("id_file");
    if (!picture || !marker || !x || !y) {
      return;
    }

    function showMarker() {
      marker.style.left = `${clamp(parseFloat(x.value) || 0) * 100}%`;
      marker.style.top = `${clamp(parseFloat(y.value) || 0) * 100}%`;
      marker.hidden = picture.hidden;
    }

    picture.addEventListener("click", (event) => {
      const box = picture.getBoundingClientRect();
      x.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
      y.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
      showMarker();
    });
    x.addEventListener("input", showMarker);
    y.addEventListener("input", showMarker);

    if (upload) {
      upload.addEventListener("change", () => {
        const file = upload.files && upload.files[0];
        if (!file) {
          return;
        }
        // A data: URL, which the admin's Content Security Policy allows (blob: it does
        // not). Browsers turn the preview upright from its EXIF, as the server will.
        const reader = new FileReader();
        reader.addEventListener("load", () => {
          picture.src = reader.result;
          picture.hidden = false;
          x.value = "0.5";
          y.value = "0.5";
          showMarker();
        });
        reader.readAsDataURL(file);
      });
    }
    showMarker();
  }

  const setUpAll = () => document.querySelectorAll("[data-focal-picker]").forEach(setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
}
