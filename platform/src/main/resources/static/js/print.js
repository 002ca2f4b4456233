// Print buttons (issue 13, fragments/print :: print): the browser's print dialog, never a mere navigation.
// data-ts-print="pdf": the PDF is loaded into one hidden frame of this page and printed from it (same origin);
// data-ts-print="page": this page is printed with its print style. If the frame cannot be printed, the PDF opens in a tab.
(function () {
  function frame() {
    var f = document.getElementById('ts-print-frame');
    if (!f) {
      f = document.createElement('iframe');
      f.id = 'ts-print-frame';
      f.title = document.documentElement.lang === 'en' ? 'Print' : 'In';
      f.setAttribute('aria-hidden', 'true');
      f.tabIndex = -1;
      // Off screen, not display:none: a frame that is not laid out is not printed by every browser.
      f.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none';
      document.body.appendChild(f);
    }
    return f;
  }
  // The one call that opens the print dialog for the frame. A page may set window.tsPrintWindow instead: the browser
  // tests observe the call there, since a real dialog blocks a headless browser until it is closed.
  function printWindow(w) {
    w.focus();
    w.print();
  }
  function done(button, how) {
    button.setAttribute('data-ts-printed', how);
    document.dispatchEvent(new CustomEvent('ts-print', { detail: { href: button.getAttribute('href'), how: how } }));
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-ts-print]');
    if (!b || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    if (b.getAttribute('data-ts-print') === 'page') {
      window.print();
      done(b, 'page');
      return;
    }
    var href = b.getAttribute('href');
    var f = frame();
    b.setAttribute('aria-busy', 'true');
    f.onload = function () {
      b.removeAttribute('aria-busy');
      try {
        (window.tsPrintWindow || printWindow)(f.contentWindow);
        done(b, 'frame');
      } catch (err) {
        window.open(href, '_blank', 'noopener');
        done(b, 'tab');
      }
    };
    // A new address each time, so that printing the same file twice loads (and prints) it again.
    f.src = href + (href.indexOf('?') < 0 ? '?' : '&') + '_print=' + Date.now();
  });
})();
