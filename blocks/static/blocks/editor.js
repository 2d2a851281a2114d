// The story editor's blocks: inline pictures from the library, embed cards for
// social posts and videos, pull quotes and key points. Loaded by the body editor
// (django-prose-editor) as extensions; the stored HTML of each block is the
// allow-list of newsroom/sanitize.py, and blocks/render.py makes readers' HTML of it.
import { Node, Plugin, mergeAttributes } from "django-prose-editor/editor"

const ENDPOINTS = "/admin/blocks/"
// Hosts whose links become an embed card when pasted alone (the server has the final word).
const EMBEDDABLE =
  /^https:\/\/(?:[a-z0-9-]+\.)?(?:youtube\.com|youtu\.be|vimeo\.com|instagram\.com|x\.com|twitter\.com|tiktok\.com|threads\.net|threads\.com|bsky\.app)\/\S+$/i

const stylesheet = new URL("./editor.css", import.meta.url)
if (!document.querySelector(`link[href="${stylesheet.pathname}"]`)) {
  document.head.append(el("link", { rel: "stylesheet", href: stylesheet.pathname }))
}

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue
    if (name === "text") node.textContent = value
    else node.setAttribute(name, value === true ? "" : value)
  }
  node.append(...children)
  return node
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  if (field) return field.value
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))
  return cookie ? cookie.split("=")[1] : ""
}

async function ask(path, { method = "GET", body = null } = {}) {
  const response = await fetch(ENDPOINTS + path, {
    method,
    body,
    credentials: "same-origin",
    headers: method === "GET" ? {} : { "X-CSRFToken": csrfToken() },
  })
  let data = {}
  try {
    data = await response.json()
  } catch {
    data = { message: `The server answered ${response.status}.` }
  }
  return { ok: response.ok, status: response.status, data }
}

// A modal dialog with a title, a body and buttons; resolves with the chosen button's value.
function openDialog(title, content, buttons, { onOpen } = {}) {
  return new Promise((resolve) => {
    const footer = el("div", { class: "blocks-dialog__buttons" })
    const form = el("form", { method: "dialog", class: "blocks-dialog__form" }, [
      el("h2", { class: "blocks-dialog__title", text: title }),
      content,
      footer,
    ])
    const dialog = el("dialog", { class: "blocks-dialog", "aria-label": title }, [form])
    for (const { label, value, primary } of buttons) {
      const button = el("button", {
        type: value === "cancel" ? "button" : "submit",
        value,
        class: primary ? "blocks-dialog__primary" : "",
        text: label,
      })
      if (value === "cancel") button.addEventListener("click", () => dialog.close("cancel"))
      footer.append(button)
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const value = event.submitter ? event.submitter.value : buttons.find((b) => b.primary)?.value
      const check = dialog.beforeClose ? await dialog.beforeClose(value) : true
      if (check) dialog.close(value)
    })
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(dialog.returnValue || "cancel")
    })
    document.body.append(dialog)
    dialog.showModal()
    if (onOpen) onOpen(dialog)
  })
}

function field(label, input, help = "") {
  const id = `blocks-field-${Math.random().toString(36).slice(2)}`
  input.id = id
  return el("div", { class: "blocks-field" }, [
    el("label", { for: id, text: label }),
    input,
    help ? el("p", { class: "blocks-field__help", text: help }) : "",
  ])
}

// --- Inline pictures -----------------------------------------------------------------

async function pickPicture(current = null, pasted = null) {
  const alt = el("input", { type: "text", name: "alt", maxlength: 250, required: true })
  const caption = el("input", { type: "text", name: "caption", maxlength: 300 })
  const credit = el("input", { type: "text", name: "credit", maxlength: 150 })
  const query = el("input", { type: "search", name: "q", placeholder: "Search the library" })
  const results = el("div", { class: "blocks-pictures", role: "listbox", "aria-label": "Pictures" })
  const file = el("input", { type: "file", name: "file", accept: "image/*" })
  const status = el("p", { class: "blocks-status", role: "status" })
  let chosen = current ? { id: current.picture } : null

  const words = (picture) => {
    alt.value = picture.alt || ""
    caption.value = picture.caption || ""
    credit.value = picture.credit || ""
  }
  if (current) words(current)

  const choose = (picture, button) => {
    chosen = picture
    file.value = ""
    for (const other of results.querySelectorAll("[aria-selected]")) {
      other.setAttribute("aria-selected", "false")
    }
    button.setAttribute("aria-selected", "true")
    words(picture)
    status.textContent = `Chosen: ${picture.alt}`
  }

  let searching = 0
  const search = async () => {
    const mine = ++searching
    const { ok, data } = await ask(`pictures/?q=${encodeURIComponent(query.value)}`)
    if (mine !== searching) return
    results.replaceChildren()
    if (!ok) {
      status.textContent = data.message || "The library could not be searched."
      return
    }
    if (!data.results.length) status.textContent = "No picture matches."
    for (const picture of data.results) {
      const button = el(
        "button",
        { type: "button", class: "blocks-picture", role: "option", "aria-selected": "false" },
        [
          el("img", { src: picture.thumbnail, alt: "", width: 160, height: 107 }),
          el("span", { text: picture.alt }),
        ],
      )
      button.addEventListener("click", () => choose(picture, button))
      results.append(button)
    }
  }
  let timer = null
  query.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(search, 250)
  })
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      search()
    }
  })
  file.addEventListener("change", () => {
    if (file.files.length) {
      chosen = null
      for (const other of results.querySelectorAll("[aria-selected]")) {
        other.setAttribute("aria-selected", "false")
      }
      status.textContent = `To upload: ${file.files[0].name}. Describe it below.`
    }
  })

  if (pasted) {
    // A picture pasted into the body: it waits in the upload box for its words.
    const files = new DataTransfer()
    files.items.add(pasted)
    file.files = files.files
    status.textContent = `To upload: the pasted picture. Describe it below.`
  }

  const content = el("div", {}, [
    current ? "" : field("Find a picture", query),
    current ? "" : results,
    current ? "" : field("Or upload one", file, "It joins the library, cleaned and resized."),
    field("Alt text", alt, "What the picture shows, for readers who cannot see it."),
    field("Caption", caption),
    field("Credit", credit, "Agency or photographer."),
    status,
  ])
  let picked = null
  const buttons = [
    { label: current ? "Update" : "Insert picture", value: "insert", primary: true },
    { label: "Cancel", value: "cancel" },
  ]
  const answer = await openDialog(current ? "Picture" : "Add a picture", content, buttons, {
    onOpen(dialog) {
      if (!current && !pasted) search()
      if (pasted) alt.focus()
      dialog.beforeClose = async (value) => {
        if (value !== "insert") return true
        if (file.files.length) {
          const body = new FormData()
          body.append("file", file.files[0])
          body.append("alt_text", alt.value)
          body.append("caption", caption.value)
          body.append("credit", credit.value)
          body.append("focal_x", "0.5")
          body.append("focal_y", "0.5")
          status.textContent = "Uploading…"
          const { ok, data } = await ask("pictures/upload/", { method: "POST", body })
          if (!ok) {
            const errors = data.errors || {}
            status.textContent =
              Object.values(errors).flat().join(" ") || data.message || "The upload failed."
            return false
          }
          chosen = data.picture
        }
        if (!chosen) {
          status.textContent = "Choose a picture from the library, or a file to upload."
          return false
        }
        picked = {
          picture: String(chosen.id),
          alt: alt.value.trim(),
          caption: caption.value.trim(),
          credit: credit.value.trim(),
        }
        return true
      }
    },
  })
  return answer === "insert" ? picked : null
}

function captionOf(figure) {
  const caption = figure.querySelector("figcaption")
  if (!caption) return ""
  const copy = caption.cloneNode(true)
  for (const small of copy.querySelectorAll("small")) small.remove()
  return copy.textContent.trim()
}

export const StoryPicture = Node.create({
  name: "storyPicture",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      picture: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-picture"),
        renderHTML: (attributes) => ({ "data-picture": attributes.picture }),
      },
      alt: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-alt") || "",
        renderHTML: (attributes) => (attributes.alt ? { "data-alt": attributes.alt } : {}),
      },
      caption: { default: "", parseHTML: captionOf, renderHTML: () => ({}) },
      credit: {
        default: "",
        parseHTML: (element) => element.querySelector("figcaption small")?.textContent.trim() || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure.story-picture", priority: 60 }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const { caption, credit } = node.attrs
    const figcaption = ["figcaption", {}, caption]
    if (credit) figcaption.push(["small", {}, credit])
    return ["figure", mergeAttributes({ class: "story-picture" }, HTMLAttributes), figcaption]
  },

  addCommands() {
    return {
      insertStoryPicture:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    }
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const image = el("img", { alt: "", class: "blocks-card__thumbnail" })
      const words = el("div", { class: "blocks-card__words" })
      const edit = el("button", { type: "button", class: "blocks-card__edit", text: "Edit" })
      const dom = el("figure", { class: "blocks-card blocks-card--picture", contenteditable: "false" }, [
        image,
        words,
        edit,
      ])
      const show = (current) => {
        image.src = `${ENDPOINTS}pictures/${encodeURIComponent(current.attrs.picture)}/thumbnail/`
        words.replaceChildren(
          el("strong", { text: "Picture" }),
          el("span", { text: `Alt text: ${current.attrs.alt || "(the library's)"}` }),
          current.attrs.caption ? el("span", { text: current.attrs.caption }) : "",
          current.attrs.credit ? el("small", { text: current.attrs.credit }) : "",
        )
      }
      show(node)
      edit.addEventListener("click", async () => {
        const changed = await pickPicture(node.attrs)
        if (changed && typeof getPos === "function") {
          editor.chain().focus().command(({ tr }) => {
            tr.setNodeMarkup(getPos(), undefined, { ...node.attrs, ...changed })
            return true
          }).run()
        }
      })
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "storyPicture") return false
          node = updated
          show(updated)
          return true
        },
        stopEvent: (event) => event.target === edit || edit.contains(event.target),
        ignoreMutation: () => true,
      }
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // A picture pasted or dropped in goes to the library first, with its words.
          handlePaste(view, event) {
            const pasted = [...(event.clipboardData?.files || [])].find((f) =>
              f.type.startsWith("image/"),
            )
            if (!pasted) return false
            event.preventDefault()
            pickPicture(null, pasted).then((picked) => {
              if (picked) editor.chain().focus().insertStoryPicture(picked).run()
            })
            return true
          },
        },
      }),
    ]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "storyPicture",
      groups: "blocks",
      button: buttons.material("add_photo_alternate", "Picture from the library or an upload"),
      async command(editor) {
        const picked = await pickPicture()
        if (picked) editor.chain().focus().insertStoryPicture(picked).run()
      },
    })
  },
})

// --- Embeds -------------------------------------------------------------------------

const PROVIDER_NAMES = {
  youtube: "YouTube",
  vimeo: "Vimeo",
  instagram: "Instagram",
  x: "X",
  tiktok: "TikTok",
  threads: "Threads",
  bluesky: "Bluesky",
}

function embedData(element) {
  const data = {}
  for (const { name, value } of element.attributes) {
    if (name.startsWith("data-embed-")) data[name] = value
  }
  return data
}

async function lookUp(url) {
  const body = new FormData()
  body.append("url", url)
  return ask("embeds/lookup/", { method: "POST", body })
}

// The embed dialog: a link, then what the card will say; the desk fills in what the
// provider did not give (Instagram and Threads give nothing without a login).
async function editEmbed(start = {}) {
  const url = el("input", { type: "url", name: "url", required: true, value: start.url || "" })
  const author = el("input", { type: "text", name: "author", maxlength: 100 })
  const date = el("input", { type: "date", name: "date" })
  const text = el("textarea", { name: "text", rows: 4, maxlength: 2000 })
  const status = el("p", { class: "blocks-status", role: "status" })
  let found = start.found || null
  const fill = (answer) => {
    found = answer
    const attributes = answer.attributes || {}
    author.value = attributes["data-embed-author"] || ""
    date.value = attributes["data-embed-date"] || ""
    text.value = answer.text || ""
    status.textContent =
      answer.message ||
      `${PROVIDER_NAMES[attributes["data-embed-provider"]] || "Post"} found: check the words below.`
  }
  if (start.data) {
    author.value = start.data["data-embed-author"] || ""
    date.value = start.data["data-embed-date"] || ""
    text.value = start.text || ""
    found = { attributes: start.data, text: start.text }
  }
  if (found && !start.data) fill(found)
  const fetchButton = el("button", { type: "button", text: "Fetch" })
  const fetchIt = async () => {
    status.textContent = "Asking the provider…"
    const { ok, data } = await lookUp(url.value.trim())
    if (!ok) {
      found = null
      status.textContent = data.message || "This link cannot be embedded."
      return
    }
    fill(data)
  }
  fetchButton.addEventListener("click", fetchIt)
  const content = el("div", {}, [
    field("Link to the post or video", url),
    fetchButton,
    field("Author", author, "The account's handle or name, as the post shows it."),
    field("Date", date),
    field("Text or title", text, "Readers see these words until they load the post."),
    status,
  ])
  let result = null
  const answer = await openDialog(
    "Embed a post or video",
    content,
    [
      { label: "Insert embed", value: "insert", primary: true },
      { label: "Cancel", value: "cancel" },
    ],
    {
      onOpen(dialog) {
        dialog.beforeClose = async (value) => {
          if (value !== "insert") return true
          if (!found || (found.attributes || {})["data-embed-url"] === undefined) await fetchIt()
          if (!found) return false
          if (!text.value.trim()) {
            status.textContent = "Type the post's words or the video's title: readers see them first."
            text.focus()
            return false
          }
          const data = { ...(found.attributes || {}) }
          data["data-embed-author"] = author.value.trim()
          data["data-embed-date"] = date.value
          for (const [name, value] of Object.entries(data)) if (!value) delete data[name]
          result = { data, text: text.value.trim() }
          return true
        }
      },
    },
  )
  return answer === "insert" ? result : null
}

export const StoryEmbed = Node.create({
  name: "storyEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      data: { default: {}, parseHTML: embedData, renderHTML: (attributes) => attributes.data || {} },
      text: {
        default: "",
        parseHTML: (element) => element.querySelector("blockquote")?.textContent.trim() || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure.story-embed", priority: 60 }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      "figure",
      mergeAttributes({ class: "story-embed" }, HTMLAttributes),
      ["blockquote", {}, ["p", {}, node.attrs.text]],
    ]
  },

  addCommands() {
    return {
      insertStoryEmbed:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    }
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const words = el("div", { class: "blocks-card__words" })
      const thumbnail = el("img", { alt: "", class: "blocks-card__thumbnail" })
      const edit = el("button", { type: "button", class: "blocks-card__edit", text: "Edit" })
      const dom = el("figure", { class: "blocks-card blocks-card--embed", contenteditable: "false" }, [
        thumbnail,
        words,
        edit,
      ])
      const show = (current) => {
        const data = current.attrs.data || {}
        const picture = data["data-embed-thumbnail"]
        thumbnail.hidden = !picture
        if (picture) thumbnail.src = `${ENDPOINTS}pictures/${encodeURIComponent(picture)}/thumbnail/`
        const provider = PROVIDER_NAMES[data["data-embed-provider"]] || "Embed"
        words.replaceChildren(
          el("strong", { text: `${provider} ${data["data-embed-author"] || ""}`.trim() }),
          el("span", { text: current.attrs.text }),
          el("small", { text: [data["data-embed-date"], data["data-embed-url"]].filter(Boolean).join(" · ") }),
        )
      }
      show(node)
      edit.addEventListener("click", async () => {
        const data = node.attrs.data || {}
        const changed = await editEmbed({ url: data["data-embed-url"], data, text: node.attrs.text })
        if (changed && typeof getPos === "function") {
          editor.chain().focus().command(({ tr }) => {
            tr.setNodeMarkup(getPos(), undefined, changed)
            return true
          }).run()
        }
      })
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "storyEmbed") return false
          node = updated
          show(updated)
          return true
        },
        stopEvent: (event) => event.target === edit || edit.contains(event.target),
        ignoreMutation: () => true,
      }
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // A link from a provider pasted alone becomes an embed card.
          handlePaste(view, event) {
            const pasted = (event.clipboardData?.getData("text/plain") || "").trim()
            if (!EMBEDDABLE.test(pasted)) return false
            event.preventDefault()
            ;(async () => {
              const { ok, data } = await lookUp(pasted)
              let embed = null
              if (ok && data.ok !== false && data.text) {
                embed = { data: data.attributes || {}, text: data.text }
              } else if (ok || data.attributes) {
                embed = await editEmbed({ url: pasted, found: data })
              } else {
                // Not a link the desk can embed: paste it as a link after all.
                editor.chain().focus().insertContent(`<p><a href="${encodeURI(pasted)}">${pasted.replace(/[<>&]/g, "")}</a></p>`).run()
                return
              }
              if (embed) editor.chain().focus().insertStoryEmbed(embed).run()
            })()
            return true
          },
        },
      }),
    ]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "storyEmbed",
      groups: "blocks",
      button: buttons.material("smart_display", "Embed a post or video"),
      async command(editor) {
        const embed = await editEmbed()
        if (embed) editor.chain().focus().insertStoryEmbed(embed).run()
      },
    })
  },
})

// --- Pull quotes and key points ------------------------------------------------------

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "paragraph+",
  defining: true,

  parseHTML() {
    return [{ tag: "blockquote.pull-quote", priority: 60 }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["blockquote", mergeAttributes({ class: "pull-quote" }, HTMLAttributes), 0]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "pullQuote",
      groups: "blocks",
      button: buttons.material("format_quote", "Pull quote"),
      command: (editor) => editor.chain().focus().toggleWrap("pullQuote").run(),
      active: (editor) => editor.isActive("pullQuote"),
    })
  },
})

// Key points are a bullet list of their own kind, so Enter, Tab and the list buttons
// behave as in any list; readers' pages give it its title.
export const KeyPoints = Node.create({
  name: "keyPoints",
  group: "block list",
  content: "listItem+",

  parseHTML() {
    return [{ tag: "ul.key-points", priority: 60 }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["ul", mergeAttributes({ class: "key-points" }, HTMLAttributes), 0]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "keyPoints",
      groups: "blocks",
      button: buttons.material("checklist", "Key points"),
      active: (editor) => editor.isActive("keyPoints"),
      command: (editor) => editor.chain().focus().toggleList("keyPoints", "listItem").run(),
    })
  },
})
