// The story form keeps what is typed: sent to the server a little after typing stops
// (at the latest every few seconds while it goes on) and when the page is left, offered
// back when the story is opened again. Not a save: the story and its revisions are
// untouched. Also warns before leaving with unsaved changes, and Ctrl+S / Cmd+S saves.
(function () {
  "use strict";
  var QUIET_MS = 2500; // after the last keystroke
  var LATEST_MS = 5000; // while typing goes on

  var tools, form, fields;
  var page = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var sequence = 0;
  var opened = null; // the whole form as the page opened with it
  var kept = null; // the typed fields as last sent
  var changed = false; // the form differs from what the page opened with
  var unsent = false; // typed since the last autosave sent
  var sending = false;
  var stopped = false; // the server refused: this person may no longer edit the story
  var submitting = false;
  var quietTimer = null;
  var latestTimer = null;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function formData() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken());
    data.append("page", page);
    sequence += 1;
    data.append("sequence", String(sequence));
    var base = form.elements.namedItem("base_version");
    if (base && base.value) data.append("base_version", base.value);
    fields.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) data.append(name, field.value);
    });
    return data;
  }

  function status(text) {
    var line = tools.querySelector(".desk-autosave-status");
    if (line) line.textContent = text;
  }

  function clearTimers() {
    clearTimeout(quietTimer);
    clearTimeout(latestTimer);
    quietTimer = latestTimer = null;
  }

  function schedule() {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(send, QUIET_MS);
    if (!latestTimer) latestTimer = setTimeout(send, LATEST_MS);
  }

  function send(keepalive) {
    clearTimers();
    if (!unsent || stopped || submitting) return;
    if (sending) {
      schedule(); // one request at a time; the next carries the newest words
      return;
    }
    unsent = false;
    sending = true;
    kept = typedFields();
    fetch(tools.dataset.autosaveUrl, {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      keepalive: keepalive === true,
    })
      .then(function (response) {
        if (response.status === 403) {
          stopped = true;
          status("Your changes are no longer kept as you type: you cannot edit this story now.");
          return null;
        }
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        if (answer && answer.kept) status("Unsaved changes kept for you at " + answer.at + ".");
      })
      .catch(function () {
        unsent = true;
        kept = null;
        status("Your unsaved changes could not be kept just now; trying again.");
        schedule();
      })
      .finally(function () {
        sending = false;
      });
  }

  function wholeForm() {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      // Not the token, nor the workflow panel's notes (they belong to its buttons).
      if (name === "csrfmiddlewaretoken" || name.indexOf("desk-") === 0) return;
      parts.push(name + "=" + (typeof value === "string" ? value : value.name));
    });
    return parts.join("\n");
  }

  function typedFields() {
    return JSON.stringify(
      fields.map(function (name) {
        var field = form.elements.namedItem(name);
        return field && "value" in field ? field.value : null;
      })
    );
  }

  // Widgets announce changes when they start up, and typing can be undone: what counts
  // is whether the values differ.
  function typed() {
    changed = wholeForm() !== opened;
    if (typedFields() === kept) return;
    unsent = true;
    if (!submitting) schedule();
  }

  function leaving() {
    // Sent with the page's goodbye; a page being submitted saves its words instead.
    if (unsent && !stopped && !submitting) {
      clearTimers();
      unsent = false;
      kept = typedFields();
      navigator.sendBeacon(tools.dataset.autosaveUrl, formData());
    }
  }

  function bodyEditor() {
    var textarea = form.querySelector("textarea[name=body]");
    var wrapper = textarea && textarea.closest(".prose-editor");
    var view = wrapper && wrapper.querySelector(".ProseMirror[contenteditable]");
    return view && view.editor; // django-prose-editor's Tiptap instance
  }

  function setField(name, value, sectionLabel) {
    var field = form.elements.namedItem(name);
    if (!field) return;
    if (name === "body") {
      var editor = bodyEditor();
      if (editor) editor.commands.setContent(value, true);
      field.value = value;
      return;
    }
    if (field.tagName === "SELECT") {
      var known = Array.prototype.some.call(field.options, function (option) {
        return option.value === value;
      });
      if (!known && value) field.add(new Option(sectionLabel || value, value, true, true));
      field.value = value;
      // The admin's autocomplete box shows its choice through jQuery.
      if (window.django && window.django.jQuery) window.django.jQuery(field).trigger("change");
      return;
    }
    field.value = value;
    // As if typed: the character counts and a slug following the headline keep up.
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function restore(panel, button) {
    var values = JSON.parse(document.getElementById("desk-restore-values").textContent);
    Object.keys(values).forEach(function (name) {
      setField(name, values[name], button.dataset.sectionLabel);
    });
    typed();
    finish(panel, "Your unsaved changes are back in the form. Save the story to keep them.");
  }

  function discard(panel) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken());
    fetch(tools.dataset.discardUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        finish(panel, "Discarded. The story is as it was last saved.");
      })
      .catch(function () {
        status("Could not discard them just now; try again.");
      });
  }

  function finish(panel, message) {
    panel.remove();
    status(message);
    var line = tools.querySelector(".desk-autosave-status");
    if (line) {
      line.tabIndex = -1;
      line.focus();
    }
  }

  function setUpOffer() {
    var panel = tools.querySelector(".desk-restore");
    if (!panel) return;
    panel.querySelector("[data-restore]").addEventListener("click", function (event) {
      restore(panel, event.currentTarget);
    });
    panel.querySelector("[data-discard]").addEventListener("click", function () {
      discard(panel);
    });
  }

  function saveShortcut(event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") {
      return;
    }
    event.preventDefault(); // not the browser's "save page as"
    var button = form.querySelector("input[name=_continue]");
    if (button && !submitting) form.requestSubmit(button);
  }

  function setUp() {
    tools = document.getElementById("desk-story-tools");
    form = document.getElementById("article_form");
    if (!tools || !form) return;
    fields = tools.dataset.fields.split(" ");
    // A form shown again after a refused save holds unsaved words from the start.
    if (!tools.hasAttribute("data-unsaved")) {
      opened = wholeForm();
      kept = typedFields();
    }
    form.addEventListener("input", typed);
    form.addEventListener("change", typed);
    // The admin's autocomplete boxes (the section) announce changes through jQuery only.
    if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", typed);
    form.addEventListener("submit", function (event) {
      submitting = true;
      clearTimers();
      setTimeout(function () {
        if (event.defaultPrevented) submitting = false; // someone stopped the submission
      }, 0);
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !submitting) {
        event.preventDefault();
        event.returnValue = ""; // older browsers ask only when this is set
      }
    });
    window.addEventListener("pagehide", leaving);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) submitting = false; // back from the browser's page cache
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send(true);
    });
    document.addEventListener("keydown", saveShortcut);
    setUpOffer();
    if (tools.hasAttribute("data-unsaved")) typed();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
