// The search box of the navigation bar, on every page: one search across all the APIs'
// operations, methods and introduction sections, from the index the build writes
// (search-index.json, fetched on first use). Every word typed must match; titles rank first.
/** @typedef {{ title: string, api: string, kind: string, detail: string, href: string, text: string }} Entry */

const MAX_RESULTS = 12;
const form = /** @type {HTMLFormElement | null} */ (document.querySelector("form.lean-search"));
const input = /** @type {HTMLInputElement | null} */ (form?.querySelector("input") ?? null);
const list = /** @type {HTMLOListElement | null} */ (form?.querySelector("ol") ?? null);
/** @type {Promise<Entry[]> | undefined} */
let index;

/** @returns {Promise<Entry[]>} */
function loadIndex() {
  index ??= fetch(form?.dataset.index ?? "search-index.json").then((response) => response.json());
  return index;
}

/** @param {Entry[]} entries @param {string} query @returns {Entry[]} */
function search(entries, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const matches = entries.filter((entry) => words.every((word) => entry.text.includes(word)));
  const score = (/** @type {Entry} */ entry) => words.filter((word) => entry.title.toLowerCase().includes(word)).length;
  return matches.sort((a, b) => score(b) - score(a)).slice(0, MAX_RESULTS);
}

/** @param {Entry[]} results */
function show(results) {
  if (!list || !input) return;
  list.replaceChildren(
    ...results.map((entry) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = entry.href;
      const title = document.createElement("strong");
      title.textContent = entry.title;
      const api = document.createElement("span");
      api.className = "lean-result-api";
      api.textContent = `${entry.api} · ${entry.kind}`;
      const detail = document.createElement("small");
      detail.textContent = entry.detail;
      link.append(title, " ", api, document.createElement("br"), detail);
      item.append(link);
      return item;
    }),
  );
  if (!results.length && input.value.trim()) {
    const none = document.createElement("li");
    none.textContent = "Nothing found in any API.";
    list.append(none);
  }
  list.hidden = !input.value.trim();
}

if (form && input && list) {
  input.addEventListener("focus", () => void loadIndex());
  input.addEventListener("input", async () => show(search(await loadIndex(), input.value)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [first] = search(await loadIndex(), input.value);
    if (first) location.href = first.href;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      show([]);
    }
  });
  // A result on the same page only changes the hash: close the list once it is followed.
  list.addEventListener("click", () => {
    list.hidden = true;
  });
}
