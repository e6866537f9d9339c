// The recruiter view's per-turn latency chart: one stacked bar per turn (end of the candidate's
// speech → the interviewer's first audio), one segment per stage, as inline SVG. Stages are the
// `…Ms` fields of the report's `latency.perTurn` entries (the stored `turnMetrics`); the known
// ones come in pipeline order with fixed names and colours, any other stage field is appended.
import { el, formatMs, svg } from './common.js';

/** Known stages, in the order they happen. */
export const STAGES = [
  { key: 'jitterBufferMs', label: 'jitter buffer', color: '#94a3b8' },
  { key: 'endpointingMs', label: 'endpointing', color: '#7c3aed' },
  { key: 'sttFinalMs', label: 'STT final', color: '#2563eb' },
  { key: 'policyFirstTokenMs', label: 'policy', color: '#0d9488' },
  { key: 'ttsFirstChunkMs', label: 'TTS first chunk', color: '#d97706' },
  { key: 'firstPacketOutMs', label: 'network (first packet out)', color: '#db2777' },
];
const EXTRA_COLORS = ['#65a30d', '#0891b2', '#9333ea', '#ea580c', '#4b5563'];
const TOTAL = 'endOfSpeechToFirstAudioMs';

/** The stages present in `turns`, known ones first. */
export function stagesOf(turns) {
  const present = new Set();
  for (const turn of turns) {
    for (const [key, value] of Object.entries(turn)) {
      if (key !== TOTAL && key.endsWith('Ms') && Number.isFinite(value)) present.add(key);
    }
  }
  const known = STAGES.filter((stage) => present.has(stage.key));
  const extra = [...present].filter((key) => !STAGES.some((stage) => stage.key === key)).sort()
    .map((key, i) => ({ key, label: key.replace(/Ms$/, '').replace(/([A-Z])/g, ' $1').toLowerCase(), color: EXTRA_COLORS[i % EXTRA_COLORS.length] }));
  return known.concat(extra);
}

/** A step of 1, 2 or 5 × 10^n giving about `count` ticks up to `max`. */
function niceStep(max, count) {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (raw <= factor * power) return factor * power;
  return 10 * power;
}

/** The chart for `turns` (an array of {stageMs…, endOfSpeechToFirstAudioMs}); a note when empty. */
export function latencyChart(turns) {
  if (!Array.isArray(turns) || turns.length === 0) {
    return el('p', { class: 'muted' }, 'No turn metrics were recorded for this interview.');
  }
  const stages = stagesOf(turns);
  const width = 640, height = 260;
  const margin = { top: 24, right: 12, bottom: 30, left: 52 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const sums = turns.map((turn) => stages.reduce((sum, stage) => sum + Math.max(0, turn[stage.key] || 0), 0));
  const maxValue = Math.max(1, ...sums, ...turns.map((turn) => (Number.isFinite(turn[TOTAL]) ? turn[TOTAL] : 0)));
  const step = niceStep(maxValue, 4);
  const top = Math.ceil(maxValue / step) * step;
  const y = (ms) => margin.top + plotHeight - (ms / top) * plotHeight;
  const slot = plotWidth / turns.length;
  const barWidth = Math.min(56, slot * 0.62);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
                             'aria-label': `Latency of ${turns.length} turns by stage`, class: 'latency-chart' });
  for (let tick = 0; tick <= top + 1e-9; tick += step) {
    chart.append(
      svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), stroke: '#e5e7eb', 'stroke-width': 1 }),
      svg('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatMs(tick)));
  }
  turns.forEach((turn, index) => {
    const x = margin.left + slot * index + (slot - barWidth) / 2;
    let base = 0;
    const bar = svg('g', { class: 'bar', 'data-turn': index + 1 });
    for (const stage of stages) {
      const value = Math.max(0, turn[stage.key] || 0);
      if (!(value > 0)) continue;
      const rect = svg('rect', {
        x, width: barWidth, y: y(base + value), height: Math.max(0.5, y(base) - y(base + value)),
        fill: stage.color, 'data-stage': stage.key, 'data-ms': Math.round(value),
      }, svg('title', {}, `Turn ${index + 1} · ${stage.label}: ${formatMs(value)}`));
      bar.append(rect);
      base += value;
    }
    const total = Number.isFinite(turn[TOTAL]) ? turn[TOTAL] : base;
    bar.append(
      svg('line', { x1: x - 4, x2: x + barWidth + 4, y1: y(total), y2: y(total), stroke: '#16181d', 'stroke-width': 2, class: 'total' }),
      svg('text', { x: x + barWidth / 2, y: y(Math.max(total, base)) - 6, 'text-anchor': 'middle', class: 'total-label' }, formatMs(total)),
      svg('text', { x: x + barWidth / 2, y: height - margin.bottom + 16, 'text-anchor': 'middle' }, `turn ${index + 1}`));
    chart.append(bar);
  });

  const legend = el('div', { class: 'legend' },
    stages.map((stage) => el('span', { class: 'legend-item', 'data-stage': stage.key },
      svg('svg', { class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12' }, svg('rect', { width: 12, height: 12, rx: 2, fill: stage.color })),
      stage.label)),
    el('span', { class: 'legend-item' },
      svg('svg', { class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12' }, svg('rect', { y: 5, width: 12, height: 2, fill: '#16181d' })),
      'end of speech → first audio'));
  return el('div', {}, chart, legend);
}
