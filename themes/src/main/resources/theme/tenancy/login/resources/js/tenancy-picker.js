// Tenant picker (select-organization.ftl): keyboard navigation, focus on the last-used tenant, and, with more than
// the threshold of tenants, the search box that filters by name or alias. Without this script the picker still works:
// every tenant is a submit button.
const form = document.getElementById("tenancy-picker");

if (form) {
  const threshold = Number(form.dataset.searchThreshold || "7");
  const items = Array.from(form.querySelectorAll(".tenancy-picker-item"));
  const searchGroup = document.getElementById("tenancy-picker-search-group");
  const search = document.getElementById("tenancy-picker-search");
  const count = document.getElementById("tenancy-picker-count");
  const empty = document.getElementById("tenancy-picker-empty");

  const visibleButtons = () =>
    items.filter((item) => !item.hidden).map((item) => item.querySelector("button"));

  const showCount = (n) => {
    if (!count) {
      return;
    }
    const template = n === 1 ? count.dataset.templateOne : count.dataset.templateMany;
    count.textContent = (template || "").replace("{0}", String(n));
  };

  const filter = () => {
    const query = search.value.trim().toLowerCase();
    let shown = 0;
    for (const item of items) {
      const match = query === "" || item.dataset.name.includes(query) || item.dataset.alias.includes(query);
      item.hidden = !match;
      if (match) {
        shown++;
      }
    }
    empty.hidden = shown !== 0;
    showCount(shown);
  };

  if (search && searchGroup && items.length > threshold) {
    searchGroup.hidden = false;
    search.addEventListener("input", filter);
    search.addEventListener("keydown", (event) => {
      const buttons = visibleButtons();
      if (event.key === "Enter") {
        // never let Enter submit the first (maybe hidden) tenant: one match is chosen, several are focused
        event.preventDefault();
        if (buttons.length === 1) {
          buttons[0].click();
        } else if (buttons.length > 1) {
          buttons[0].focus();
        }
      } else if (event.key === "ArrowDown" && buttons.length > 0) {
        event.preventDefault();
        buttons[0].focus();
      } else if (event.key === "Escape" && search.value !== "") {
        event.preventDefault();
        search.value = "";
        filter();
      }
    });
    filter();
  }

  // the focus as themes/README.md promises: the last-used tenant; without one, the search box (many tenants) or
  // the first tenant
  const last = form.querySelector(".tenancy-picker-last");
  const start = last || (search && !searchGroup.hidden ? search : form.querySelector(".tenancy-picker-button"));
  start?.focus();

  form.addEventListener("keydown", (event) => {
    const current = event.target.closest(".tenancy-picker-button");
    if (!current) {
      return;
    }
    const buttons = visibleButtons();
    const index = buttons.indexOf(current);
    let next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") {
      next = buttons[Math.min(index + 1, buttons.length - 1)];
    } else if (event.key === "ArrowUp" || event.key === "ArrowLeft") {
      next = index === 0 && search && !searchGroup.hidden ? search : buttons[Math.max(index - 1, 0)];
    } else if (event.key === "Home") {
      next = buttons[0];
    } else if (event.key === "End") {
      next = buttons[buttons.length - 1];
    }
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
}
