"use strict";
// The byline picker keeps authors in the order they are picked. The autocomplete
// leaves an author picked before (and removed) where they were in the list; moving
// each picked author to the end lets the desk reorder a byline by removing and
// picking again. The server saves the order the browser sends.
{
  const $ = window.django && window.django.jQuery;
  if ($) {
    $(document).on("select2:select", "select[data-byline-picker]", (event) => {
      const select = event.target;
      const id = String(event.params.data.id);
      const option = [...select.options].find((each) => each.value === id);
      if (option) {
        select.append(option);
        $(select).trigger("change.select2"); // the boxes show the new order
      }
    });
  }
}
