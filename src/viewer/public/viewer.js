// Draws the page's charts from the JSON data elements the server rendered.
// Values from the results only ever reach Chart.js as data (drawn on a canvas), never as markup.
(function () {
  'use strict';

  var OUTCOME_COLOURS = {
    success: '#2e9d5b',
    self_healed: '#5bb98b',
    undetected: '#c0392b',
    unresolved: '#e67e22',
    false_resolution: '#8e44ad',
    not_healed: '#d35400',
    infra_error: '#7f8c8d',
    running: '#3498db',
    pending: '#bdc3c7',
  };
  var SERIES_COLOURS = ['#2f6fde', '#d6455d', '#1b998b', '#e0a100', '#7a4fd0', '#6c757d'];

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : undefined;
  }

  function seconds(ms) {
    return (ms / 1000).toFixed(2) + ' s';
  }

  function resolveChart() {
    var series = data('resolve-data');
    var canvas = document.getElementById('resolve-chart');
    if (!series || !canvas) return;
    var datasets = [];
    var longest = 0;
    series.forEach(function (s, i) {
      s.observations.forEach(function (o) { longest = Math.max(longest, o.ms / 1000); });
      var colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      var steps = s.survival.map(function (p) { return { x: p.ms / 1000, y: p.surviving }; });
      var lastMs = Math.max.apply(null, s.observations.map(function (o) { return o.ms; }));
      steps.push({ x: lastMs / 1000, y: survivalAt(s.survival, lastMs) });
      datasets.push({ type: 'line', label: s.label, data: steps, stepped: 'before', borderColor: colour, backgroundColor: colour, pointRadius: 0, pointStyle: 'line' });
      var censored = s.observations.filter(function (o) { return o.censored; }).map(function (o) {
        return { x: o.ms / 1000, y: survivalAt(s.survival, o.ms), trialId: o.trialId };
      });
      if (censored.length > 0) {
        datasets.push({ type: 'scatter', label: s.label + ' (' + censored.length + ' censored)', data: censored, pointStyle: 'crossRot', pointRadius: 7, borderWidth: 2, borderColor: colour, backgroundColor: colour, clip: false });
      }
    });
    new Chart(canvas, {
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 8, right: 12 } },
        scales: {
          x: { type: 'linear', min: 0, suggestedMax: longest * 1.05, title: { display: true, text: 'seconds since injection' } },
          y: { min: 0, max: 1, title: { display: true, text: 'fraction unresolved' } },
        },
        plugins: {
          legend: { labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var what = item.dataset.type === 'scatter' ? 'censored at ' : '';
                return item.dataset.label + ': ' + what + item.parsed.x.toFixed(2) + ' s, ' + Math.round(item.parsed.y * 100) + '% unresolved';
              },
            },
          },
        },
      },
    });
  }

  function survivalAt(steps, ms) {
    var value = 1;
    steps.forEach(function (p) { if (p.ms <= ms) value = p.surviving; });
    return value;
  }

  function timelineChart() {
    var timeline = data('timeline-data');
    var canvas = document.getElementById('timeline-chart');
    if (!timeline || !canvas) return;
    var slots = Array.from(new Set(timeline.bars.map(function (b) { return b.slot; }))).sort(function (a, b) { return a - b; });
    var outcomes = Array.from(new Set(timeline.bars.map(function (b) { return b.outcome; })));
    var datasets = outcomes.map(function (outcome) {
      return {
        label: outcome,
        grouped: false,
        backgroundColor: OUTCOME_COLOURS[outcome] || '#34495e',
        borderColor: '#ffffff',
        borderWidth: 1,
        borderSkipped: false,
        maxBarThickness: 36,
        data: timeline.bars.filter(function (b) { return b.outcome === outcome; }).map(function (b) {
          return { x: [b.startMs / 1000, b.endMs / 1000], y: 'slot ' + b.slot, trialId: b.trialId, ordinal: b.ordinal };
        }),
      };
    });
    new Chart(canvas, {
      type: 'bar',
      data: { labels: slots.map(function (s) { return 'slot ' + s; }), datasets: datasets },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since the first trial started' } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) {
                var raw = item.raw;
                return 'trial ' + raw.ordinal + ' (' + item.dataset.label + '): ' + seconds(raw.x[0] * 1000) + ' to ' + seconds(raw.x[1] * 1000);
              },
            },
          },
        },
        onClick: function (_event, elements) {
          if (elements.length === 0) return;
          var raw = datasets[elements[0].datasetIndex].data[elements[0].index];
          window.location.href = '/trials/' + encodeURIComponent(raw.trialId);
        },
      },
    });
  }

  function phaseChart() {
    var phases = data('phase-data');
    var canvas = document.getElementById('phase-chart');
    if (!phases || !canvas) return;
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: phases.map(function (p) { return p.phase; }),
        datasets: [{
          label: 'phase',
          data: phases.map(function (p) { return [p.fromMs / 1000, p.toMs / 1000]; }),
          backgroundColor: phases.map(function (p) { return p.error ? '#c0392b' : '#2f6fde'; }),
          borderSkipped: false,
          minBarLength: 2,
        }],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since the trial started' } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                var p = phases[item.dataIndex];
                return p.phase + ': ' + p.ms + ' ms (' + p.startedAt + ' to ' + p.endedAt + ')';
              },
            },
          },
        },
      },
    });
  }

  resolveChart();
  timelineChart();
  phaseChart();
})();
