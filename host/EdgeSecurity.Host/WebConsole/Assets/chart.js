// Inline SVG step chart (no chart library): points [{t: ms, value: 0..1}] from start to end.
const ns = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

/** An adoption curve: share of targeted devices confirmed over time, with 50 % and 90 % guides. */
export function adoptionChart(points, start, end, label) {
  const width = 640;
  const height = 200;
  const pad = { left: 44, right: 12, top: 10, bottom: 28 };
  const span = Math.max(end - start, 1);
  const x = (t) => pad.left + ((t - start) / span) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - v) * (height - pad.top - pad.bottom);
  let path = `M${x(start)},${y(0)}`;
  let last = 0;
  for (const p of points) {
    path += ` L${x(p.t)},${y(last)} L${x(p.t)},${y(p.value)}`;
    last = p.value;
  }
  path += ` L${x(end)},${y(last)}`;
  const grid = [0, 0.5, 0.9, 1].map((v) => svg('g', {},
    svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: v === 0.5 || v === 0.9 ? 'guide' : 'axis' }),
    svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${Math.round(v * 100)} %`)));
  const seconds = Math.round(span / 1000);
  const elapsed = seconds < 120 ? `+${seconds} s` : seconds < 7200 ? `+${Math.round(seconds / 60)} min` : `+${Math.round(seconds / 3600)} h`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart' },
    svg('title', {}, label),
    ...grid,
    svg('path', { d: path, class: 'curve' }),
    svg('text', { x: pad.left, y: height - 8 }, 'start'),
    svg('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end' }, elapsed));
  return chart;
}
