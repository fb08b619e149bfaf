// Keyboard shortcuts and small conveniences. Every page works without this file: it only adds
// j/k/c/r/e/m and / on top of ordinary forms and links.
(function () {
  "use strict";

  const page = document.body.dataset.page;
  const $ = (selector) => document.querySelector(selector);

  function isField(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function click(id) {
    const button = document.getElementById(id);
    if (button && !button.disabled) button.click();
  }

  // --- the queue: a radio per row says which candidate the panel's buttons act on ---
  function rows() {
    return Array.from(document.querySelectorAll("table.queue tbody tr"));
  }

  function selectedIndex() {
    return rows().findIndex((row) => row.querySelector("input[type=radio]").checked);
  }

  function select(index) {
    const all = rows();
    if (!all.length) return;
    const i = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((row, n) => row.classList.toggle("selected", n === i));
    all[i].querySelector("input[type=radio]").checked = true;
    all[i].scrollIntoView({ block: "nearest" });
  }

  // open the selected candidate; its page comes back to the same row position afterwards
  function openSelected(hash) {
    const index = selectedIndex();
    const row = rows()[index];
    if (!row) return;
    const url = new URL(row.dataset.href, window.location.origin);
    const back = new URL(url.searchParams.get("back") || "/", window.location.origin);
    back.searchParams.set("sel", String(index));
    url.searchParams.set("back", back.pathname + back.search);
    window.location.href = url.pathname + url.search + (hash || "");
  }

  if (page === "queue") {
    select(Math.max(0, selectedIndex()));
    rows().forEach((row, n) => {
      row.addEventListener("click", (ev) => {
        if (!ev.target.closest("a, button, input")) select(n);
      });
      row.querySelector("input[type=radio]").addEventListener("change", () => select(n));
    });
    const form = $("#decide");
    if (form) {
      // come back to the same row position after the decision
      form.addEventListener("submit", () => {
        const back = form.querySelector("input[name=back]");
        const url = new URL(back.value, window.location.origin);
        url.searchParams.set("sel", String(Math.max(0, selectedIndex())));
        back.value = url.pathname + url.search;
      });
    }
  }

  if (page === "candidate" && window.location.hash === "#edit") {
    const first = $("#f-vendor");
    if (first) first.focus();
  }

  // --- keys ---
  document.addEventListener("keydown", (ev) => {
    const target = ev.target;
    if (isField(target)) {
      if (ev.key === "Escape") {
        target.blur();
        delete target.dataset.pending;
      } else if (ev.key === "Enter" && target.tagName === "INPUT") {
        const action = target.dataset.pending || target.dataset.enter;
        if (action) {
          ev.preventDefault();
          click(action);
        }
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const key = ev.key;
    if (key === "/") {
      const search = $("#q");
      if (search) {
        ev.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if (page === "queue") {
      if (key === "j") select(selectedIndex() + 1);
      else if (key === "k") select(selectedIndex() - 1);
      else if (key === "c") click("confirm");
      else if (key === "r") focusField("#reason", "reject");
      else if (key === "m") focusField("#into", "merge");
      else if (key === "e") openSelected("#edit");
      else if (key === "Enter" || key === "o") openSelected("");
      else return;
      ev.preventDefault();
    } else if (page === "candidate") {
      if (key === "c") click("confirm");
      else if (key === "r") focusField("#f-note", "reject");
      else if (key === "m") focusField("#into", "merge");
      else if (key === "e") focusField("#f-vendor", null);
      else return;
      ev.preventDefault();
    }
  });

  // the field the analyst types into next; Enter in it presses `action`
  function focusField(selector, action) {
    const field = $(selector);
    if (!field) return;
    if (action) field.dataset.pending = action;
    field.focus();
    field.addEventListener("blur", () => delete field.dataset.pending, { once: true });
  }
})();
