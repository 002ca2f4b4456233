// The one-stop dashboard's trend chart: the data come in <script type="application/json" id="trend-data">, so that the
// page needs no inline script (the Content-Security-Policy allows none).
(function () {
  var data = document.getElementById('trend-data');
  var canvas = document.getElementById('trend');
  if (!data || !canvas || typeof Chart === 'undefined') return;
  var d = JSON.parse(data.textContent || '{}');
  var series = d.series || {};
  new Chart(canvas, {type: 'line',
    data: {labels: d.months || [], datasets: Object.keys(series).map(function (name) {
      return {label: name, data: series[name], tension: 0.2};
    })},
    // Numbers as Vietnamese write them: a decimal comma ("25,21").
    options: {locale: 'vi-VN', scales: {y: {min: 0, max: 100}}, animation: false}});
})();
