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
})();
