// The commanders' dashboard: draws its charts from the figures the page carries (#dashboard-data), which the
// tables beside them also show, so the page reads the same without scripts.
(function () {
  function draw() {
    var el = document.getElementById('dashboard-data');
    if (!el || typeof Chart === 'undefined') return;
    var d = JSON.parse(el.textContent);
    var t = d.text;
    var grey = '#6c757d', blue = '#0d6efd', green = '#198754', red = '#dc3545', amber = '#ffc107';
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.maintainAspectRatio = false;
    var status = document.getElementById('chart-status');
    if (status) {
      new Chart(status, {
        type: 'doughnut',
        data: { labels: d.status.labels, datasets: [{ data: d.status.counts, backgroundColor: [grey, blue, green, red] }] },
        options: { plugins: { legend: { position: 'bottom' } } }
      });
    }
    var trend = document.getElementById('chart-trend');
    if (trend) {
      var pct = function (v) { return v + '%'; };
      new Chart(trend, {
        type: 'line',
        data: {
          labels: d.trend.labels,
          datasets: [
            { label: t.completeness, data: d.trend.completeness, borderColor: blue, backgroundColor: blue, tension: 0.2 },
            { label: t.timeliness, data: d.trend.timeliness, borderColor: green, backgroundColor: green, tension: 0.2 },
            { label: t.progress, data: d.trend.progress, borderColor: amber, backgroundColor: amber, tension: 0.2 }
          ]
        },
        options: { scales: { y: { min: 0, max: 100, ticks: { callback: pct } } }, plugins: { legend: { position: 'bottom' } } }
      });
    }
    var units = document.getElementById('chart-units');
    if (units) {
      new Chart(units, {
        type: 'bar',
        data: {
          labels: d.units.labels,
          datasets: [
            { label: t.onTime, data: d.units.onTime, backgroundColor: green },
            { label: t.late, data: d.units.late, backgroundColor: amber },
            { label: t.missing, data: d.units.missing, backgroundColor: red }
          ]
        },
        options: { indexAxis: 'y', scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
                   plugins: { legend: { position: 'bottom' } } }
      });
    }
    document.documentElement.setAttribute('data-charts', 'drawn');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw); else draw();
})();
