// The data set builder (templates/datasets/builder.html): rows of category lists, fields and rules added and removed
// on the page, without a round trip. Without this script the same buttons post the form and the server adds or removes
// the row. Added rows are numbered after the others (data-next); the server reads the rows in the order of their numbers.
(function () {
  'use strict';
  var form = document.getElementById('builder-form');
  if (!form) return;
  form.addEventListener('click', function (e) {
    var add = e.target.closest('[data-ts-add]');
    if (add) {
      e.preventDefault();
      var kind = add.getAttribute('data-ts-add');
      var rows = document.getElementById(kind + '-rows');
      var tpl = document.getElementById(kind + '-template');
      if (!rows || !tpl) return;
      var next = parseInt(rows.getAttribute('data-next') || '0', 10);
      rows.setAttribute('data-next', String(next + 1));
      var html = tpl.innerHTML.split('NEWROW').join(String(next));
      var holder = document.createElement('div');
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      var first = row.querySelector('input, select, textarea');
      if (first) first.focus();
      return;
    }
    var remove = e.target.closest('[data-ts-remove]');
    if (remove) {
      e.preventDefault();
      var r = remove.closest('.ts-builder-row');
      if (r) r.remove();
    }
  });
})();
