// The reference pages' one script, shared and cached: the sample tabs (curl, Client), the
// phone menu, and the sidebar following the location (the group of the operation shown opens,
// its link is marked). Everything else on the page is plain HTML and works without it.

for (const list of document.querySelectorAll(".ref-samples [role=tablist]")) {
  const tabs = /** @type {HTMLButtonElement[]} */ ([...list.querySelectorAll("[role=tab]")]);
  list.addEventListener("click", (event) => {
    const chosen = /** @type {Element} */ (event.target).closest("[role=tab]");
    if (!chosen) return;
    for (const tab of tabs) {
      const selected = tab === chosen;
      tab.setAttribute("aria-selected", String(selected));
      const panel = document.getElementById(tab.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !selected;
    }
  });
}

const menu = document.getElementById("ref-menu");
const button = document.querySelector(".ref-menu-button");
/** @param {boolean} open */
function showMenu(open) {
  menu?.classList.toggle("ref-open", open);
  button?.setAttribute("aria-expanded", String(open));
  if (button) button.textContent = open ? "Close" : "Menu";
}
button?.addEventListener("click", () => showMenu(!menu?.classList.contains("ref-open")));
// A link followed from the phone menu closes it.
menu?.addEventListener("click", (event) => {
  if (/** @type {Element} */ (event.target).closest("a")) showMenu(false);
});

/** Marks the sidebar link of the location and opens its group. */
function follow() {
  for (const marked of menu?.querySelectorAll("[aria-current]") ?? []) marked.removeAttribute("aria-current");
  const link = [...(menu?.querySelectorAll("a") ?? [])].find((a) => location.hash && a.href === location.href);
  if (!link) return;
  link.setAttribute("aria-current", "location");
  const group = link.closest("details");
  if (group) group.open = true;
}
addEventListener("hashchange", follow);
follow();
