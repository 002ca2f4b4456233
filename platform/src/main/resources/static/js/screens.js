// Small behaviours of the officials' screens, kept out of the templates so that the pages work without them.
(function () {
  // Forms that change something irreversible ask first: <form data-confirm="…">.
  document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) e.preventDefault();
  }, true);
  // Expand or collapse the whole unit tree: <button data-ts-tree="open|close">.
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-ts-tree]');
    if (!b) return;
    var open = b.getAttribute('data-ts-tree') === 'open';
    document.querySelectorAll('#unit-tree details').forEach(function (d) { d.open = open; });
  });
  // Selects and inputs that filter a list submit their form when changed: <select data-ts-autosubmit>.
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el.hasAttribute && el.hasAttribute('data-ts-autosubmit') && el.form) el.form.requestSubmit();
  });
  // Two controls showing one value (a slider and its number): <input data-ts-mirror="#other">.
  document.addEventListener('input', function (e) {
    var el = e.target;
    var sel = el.getAttribute && el.getAttribute('data-ts-mirror');
    if (!sel) return;
    var other = document.querySelector(sel);
    if (!other) return;
    if (other.type === 'range') {
      var n = parseFloat(String(el.value).replace(',', '.'));
      if (!isNaN(n)) other.value = Math.max(0, Math.min(100, n));
    } else {
      // The number field speaks the page's language: 62,5 in Vietnamese.
      other.value = document.documentElement.lang === 'vi' ? String(el.value).replace('.', ',') : el.value;
    }
  });
  // Remove the enclosing row of a repeated group of fields: <button data-ts-remove=".row-class">.
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-ts-remove]');
    if (!b) return;
    var row = b.closest(b.getAttribute('data-ts-remove'));
    if (row) row.remove();
  });
})();
