// The unit picker (org/fragments :: unitTree): a search box over the tree, without diacritics (đ → d), that keeps each
// match under its parents. The page works without it: the list is then shown whole.
(function () {
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  }
  function setUp(picker) {
    var q = picker.querySelector('.ts-unit-picker-q');
    var status = picker.querySelector('.ts-unit-picker-status');
    var items = Array.prototype.slice.call(picker.querySelectorAll('.ts-unit-choice'));
    var byId = {};
    items.forEach(function (li) { byId[li.getAttribute('data-id')] = li; });
    var vi = (document.documentElement.lang || 'vi') === 'vi';
    q.hidden = false;
    q.addEventListener('input', function () {
      var words = fold(q.value).split(' ').filter(Boolean);
      var keep = {};
      var hits = 0;
      items.forEach(function (li) {
        var text = li.getAttribute('data-fold') || '';
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        if (!match) return;
        if (li.querySelector('input')) hits++;
        // The match and every unit above it, so that it shows in its place in the tree.
        for (var n = li; n; n = byId[n.getAttribute('data-parent')]) keep[n.getAttribute('data-id')] = true;
      });
      items.forEach(function (li) {
        var chosen = li.querySelector('input:checked');
        li.hidden = words.length > 0 && !keep[li.getAttribute('data-id')] && !chosen;
      });
      status.textContent = words.length === 0 ? '' : vi ? hits + ' đơn vị khớp' : hits + ' matching units';
    });
  }
  function all() {
    document.querySelectorAll('[data-ts-unit-picker]').forEach(function (p) {
      if (!p.getAttribute('data-ts-ready')) {
        p.setAttribute('data-ts-ready', '1');
        setUp(p);
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
  document.addEventListener('htmx:afterSettle', all);
})();
