// Type-ahead pickers (Tom Select, vendored) for <select data-picker>: States, organizations,
// topics, pledges. Without JavaScript the plain <select> still works.
// data-filter-by="<id of another select>" offers only the options whose data-state is chosen
// there (a meeting's pledges follow its Member States); options already chosen stay.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  var lang = document.documentElement.lang || "en";
  var noResults = document.documentElement.dataset.pickerNoResults || "No match";
  document.querySelectorAll("select[data-picker]").forEach(function (select) {
    var states = {};
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.dataset.state) { states[option.value] = option.dataset.state; }
    });
    var filterBy = select.dataset.filterBy ? document.getElementById(select.dataset.filterBy) : null;
    function chosenStates() {
      if (!filterBy) { return null; }
      return Array.prototype.filter.call(filterBy.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    // Looked up before Tom Select moves the label's `for` to its typing box.
    var label = document.querySelector('label[for="' + select.id + '"]');
    // The hidden select keeps its name too (axe-core checks it).
    if (label && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    }
    var picker = new TomSelect(select, {
      plugins: select.multiple ? ["remove_button"] : [],
      maxOptions: 300,
      allowEmptyOption: !select.required,
      hidePlaceholder: true,
      // The options are all on the page, so each keystroke searches at once. Tom Select's default
      // waits 300 ms after the last one; a choice made from the list already showing, then that
      // late search reopened the list and took the focus from the next field, where the user's
      // typing was lost.
      refreshThrottle: 0,
      render: { no_results: function () { return '<div class="no-results">' + noResults + "</div>"; } },
      onInitialize: function () {
        // The label names the typing box too, so a screen reader announces the field.
        if (label && this.control_input) {
          this.control_input.setAttribute("aria-label", label.textContent.replace("*", "").trim());
        }
      },
      score: function (search) {
        var score = this.getScoreFunction(search);
        return function (item) {
          var chosen = chosenStates();
          if (chosen && states[item.value] && chosen.indexOf(states[item.value]) === -1) { return 0; }
          return score(item);
        };
      }
    });
    if (filterBy) {
      filterBy.addEventListener("change", function () { picker.refreshOptions(false); });
    }
    select.dataset.pickerReady = lang;
  });
})();
