// Progressive enhancement for <select multiple data-autocomplete>: a text box with a <datalist>
// of the options; picking one selects it. Without JavaScript the plain list still works.
// data-filter-by="<id of another select>" offers only the options whose data-state is chosen there
// (the meeting form's pledges follow its Member States).
(function () {
  "use strict";
  document.querySelectorAll("select[multiple][data-autocomplete]").forEach(function (select) {
    var listId = select.id + "-choices";
    var datalist = document.createElement("datalist");
    datalist.id = listId;
    var filterBy = select.dataset.filterBy ? document.getElementById(select.dataset.filterBy) : null;
    function offered(option) {
      if (!filterBy) { return true; }
      return Array.prototype.some.call(filterBy.options, function (o) { return o.selected && o.value === option.dataset.state; });
    }
    function fillList() {
      datalist.textContent = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!offered(option)) { return; }
        var item = document.createElement("option");
        item.value = option.textContent.trim();
        datalist.appendChild(item);
      });
    }
    fillList();
    if (filterBy) { filterBy.addEventListener("change", fillList); }
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-type";
    input.setAttribute("list", listId);
    input.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = (document.querySelector('label[for="' + select.id + '"]') || {}).textContent + " (" +
      (select.dataset.typeLabel || "type to add") + ")";
    var chosen = document.createElement("p");
    chosen.className = "muted";
    chosen.setAttribute("aria-live", "polite");
    function showChosen() {
      chosen.textContent = Array.prototype.filter.call(select.options, function (o) { return o.selected; })
        .map(function (o) { return o.textContent.trim(); }).join(", ");
    }
    function pick() {
      var wanted = input.value.trim().toLowerCase();
      var match = Array.prototype.find.call(select.options, function (o) {
        return o.textContent.trim().toLowerCase() === wanted || o.value.toLowerCase() === wanted;
      });
      if (match && offered(match)) {
        match.selected = true;
        input.value = "";
        select.dispatchEvent(new Event("change"));
      }
    }
    input.addEventListener("change", pick);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); pick(); }
    });
    select.addEventListener("change", showChosen);
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(datalist, select);
    select.parentNode.insertBefore(chosen, select.nextSibling);
    showChosen();
  });
})();
