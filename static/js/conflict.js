// A conflict on the story page: "Keep theirs" and "Keep yours" put that version in the
// form's field; typing in the field afterwards makes it an edit of one's own. The server
// applies the same choice from the radio buttons, so the form saves right without this.
(function () {
  "use strict";
  const script = document.getElementById("conflict-values");
  if (!script) return;
  const values = JSON.parse(script.textContent);
  const jq = window.django && window.django.jQuery;
  let bodyEditor = null;
  let filling = false;

  // The rich-text editor keeps its own copy of the body; the textarea follows it.
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name === "body") bodyEditor = event.detail.editor;
  });

  function field(name) {
    return document.getElementById(`id_${name}`);
  }

  function pick(select, pairs) {
    const options = pairs.map(([id, name]) => new Option(name, id, true, true));
    if (!select.multiple && !options.length) options.push(new Option("---------", "", true, true));
    select.replaceChildren(...options);
    if (jq) jq(select).trigger("change"); // the autocomplete box shows the new choice
  }

  function fill(name, value) {
    const kind = values[name].kind;
    const input = field(name);
    filling = true;
    try {
      if (kind === "body" && bodyEditor) bodyEditor.commands.setContent(value);
      else if (kind === "check") input.checked = value;
      else if (kind === "pick") pick(input, value);
      else {
        input.value = value;
        // As if typed (character counts keep up); `filling` keeps it from counting as an edit.
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    } finally {
      filling = false;
    }
  }

  function editing(name) {
    if (filling) return;
    const radio = document.querySelector(`input[name="resolve-${name}"][value="edit"]`);
    if (radio) radio.checked = true;
  }

  document.addEventListener("change", (event) => {
    const match = /^resolve-(.+)$/.exec(event.target.name || "");
    if (!match || !values[match[1]] || !event.target.checked) return;
    if (event.target.value === "theirs" || event.target.value === "yours") {
      fill(match[1], values[match[1]][event.target.value]);
    }
  });

  // Typing or picking in a conflicting field (the editor's updates come as input too).
  function edited(event) {
    const name = (event.target.name || "").replace(/^resolve-.*/, "");
    if (values[name]) editing(name);
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);
  // The autocomplete boxes tell jQuery, not the page, when a choice changes.
  document.addEventListener("DOMContentLoaded", () => {
    if (!jq) return;
    for (const name of Object.keys(values)) {
      const input = field(name);
      if (input) jq(input).on("change", () => editing(name));
    }
  });
})();
