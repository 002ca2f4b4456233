// The roll-up page's comparison of periods: draws from the figures the page carries (#compare-data), which the table
// beside the charts also shows, so the page reads the same without scripts.
(function () {
  function draw() {
    var el = document.getElementById('compare-data');
    if (!el || typeof Chart === 'undefined') return;
    var d = JSON.parse(el.textContent);
    var blue = '#0d6efd', green = '#198754', amber = '#fd7e14';
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.maintainAspectRatio = false;
    var pct = function (v) { return v + '%'; };
    new Chart(document.getElementById('chart-compare'), {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: [
          { label: 'Tỷ lệ hoàn thành', data: d.completeness, borderColor: blue, backgroundColor: blue, tension: 0.2 },
          { label: 'Tỷ lệ đúng hạn', data: d.timeliness, borderColor: green, backgroundColor: green, tension: 0.2 }
        ]
      },
      options: { scales: { y: { min: 0, max: 100, ticks: { callback: pct } } }, plugins: { legend: { position: 'bottom' } } }
    });
    var select = document.getElementById('compare-field');
    var canvas = document.getElementById('chart-compare-field');
    if (!select || !canvas || !d.fields.length) return;
    d.fields.forEach(function (f, i) {
      var o = document.createElement('option');
      o.value = i;
      o.textContent = f.label;
      select.appendChild(o);
    });
    var chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: d.labels, datasets: [{ label: d.fields[0].label, data: d.fields[0].data, backgroundColor: amber }] },
      options: { plugins: { legend: { position: 'bottom' } } }
    });
    select.addEventListener('change', function () {
      var f = d.fields[+select.value];
      chart.data.datasets[0].label = f.label;
      chart.data.datasets[0].data = f.data;
      chart.update();
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw); else draw();
})();
