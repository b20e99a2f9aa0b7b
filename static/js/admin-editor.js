// The article editor: keeps the preview on the part being edited, and moves steps up and down.
// Its words come from the site's JavaScript catalog (gettext, interpolate), loaded before it.
(() => {
  const form = document.getElementById("article_form");
  if (!form) return;
  const slot = document.getElementById("preview-frame-slot");
  let lastField = "";
  let lastScroll = 0;

  form.addEventListener("focusin", (event) => {
    if (event.target.name) lastField = event.target.name;
  });

  // Where in the preview the field being edited shows: its step, or the top.
  function anchorFor(name) {
    const match = /^steps-(\d+)-/.exec(name);
    if (!match) return name === "answer_outro" ? "article__team" : "";
    const position = form.querySelector(`[name="steps-${match[1]}-position"]`);
    return position && position.value ? `step-${position.value}` : "";
  }

  if (slot) {
    slot.addEventListener("htmx:beforeSwap", () => {
      const frame = slot.querySelector("iframe");
      try {
        lastScroll = frame ? frame.contentWindow.scrollY : 0;
      } catch {
        lastScroll = 0;
      }
    });
    slot.addEventListener("htmx:afterSwap", () => {
      const frame = slot.querySelector("iframe");
      if (!frame) return;
      frame.addEventListener("load", () => {
        const doc = frame.contentDocument;
        if (!doc) return;
        const id = anchorFor(lastField);
        const target = id && (doc.getElementById(id) || doc.querySelector(`.${id}`));
        const top = target ? target.getBoundingClientRect().top + frame.contentWindow.scrollY - 12 : lastScroll;
        frame.contentWindow.scrollTo(0, top);
      }, { once: true });
    });
  }

  // Up and down buttons beside each step's number: the numbers follow the rows' order.
  const group = document.getElementById("steps-group");
  if (!group) return;
  const status = document.createElement("p");
  status.className = "helpdesk-move-status";
  status.setAttribute("role", "status");
  group.prepend(status);

  function rows() {
    return [...group.querySelectorAll(".inline-related")].filter(
      (row) => !row.classList.contains("empty-form") && row.querySelector('[name$="-body"]'),
    );
  }

  function used(row) {
    const body = row.querySelector('[name$="-body"]');
    const id = row.querySelector('[name$="-id"]');
    return (body && body.value.trim()) || (id && id.value);
  }

  function renumber() {
    let n = 0;
    rows().forEach((row) => {
      const position = row.querySelector('[name$="-position"]');
      if (position && used(row)) position.value = ++n;
    });
  }

  function move(row, offset) {
    const all = rows();
    const index = all.indexOf(row);
    const other = all[index + offset];
    if (!other) return;
    if (offset < 0) other.before(row);
    else other.after(row);
    renumber();
    const position = row.querySelector('[name$="-position"]');
    status.textContent = interpolate(
      gettext("Step moved to number %(number)s. Save to keep the new order."),
      { number: position.value },
      true,
    );
    row.querySelector(offset < 0 ? ".helpdesk-move--up" : ".helpdesk-move--down").focus();
    form.dispatchEvent(new Event("helpdesk:steps-moved"));
  }

  function addButtons(row) {
    const input = row.querySelector('input[name$="-position"]');
    if (!input || row.querySelector(".helpdesk-move")) return;
    const wrap = document.createElement("span");
    wrap.className = "helpdesk-move-buttons";
    for (const [label, offset, cls] of [[gettext("Move up"), -1, "up"], [gettext("Move down"), 1, "down"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `helpdesk-move helpdesk-move--${cls}`;
      button.textContent = offset < 0 ? "\u2191" : "\u2193";
      button.setAttribute("aria-label", `${label}`);
      button.title = label;
      button.addEventListener("click", () => move(row, offset));
      wrap.append(button);
    }
    input.after(wrap);
  }

  rows().forEach(addButtons);
  // Rows added with "Add another Step" get buttons too.
  document.addEventListener("formset:added", (event) => {
    if (event.target.matches && event.target.matches(".inline-related")) addButtons(event.target);
  });
})();
