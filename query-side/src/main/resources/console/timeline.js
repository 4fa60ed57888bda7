// The account's limit, outstanding and available over time as an SVG chart, every event a mark, every restriction
// a band. Amounts become pixel positions only: every figure shown as text is the API's exact decimal string.
import { svg } from './dom.js';
import { t } from './i18n.js';

const WIDTH = 960;
const HEIGHT = 320;
const LEFT = 80;
const RIGHT = 20;
const TOP = 16;
const PLOT_BOTTOM = 250;
const LANE = 280;

const SERIES = [
  ['creditLimit', 'limit', 'limitLine'],
  ['outstanding', 'outstanding', 'outstandingLine'],
  ['available', 'available', 'availableLine'],
];

function instant(text) {
  return Date.parse(text);
}

/**
 * @param points  the series endpoint's points, oldest first
 * @param spacing 'time' (x is the instant) or 'event' (one step per event)
 * @param onPick  called with {at, sequence?} when the user clicks the chart or a mark
 */
export function timelineChart(points, spacing, onPick) {
  const first = instant(points[0].at);
  const last = Math.max(instant(points[points.length - 1].at), first + 1000);
  const span = (last - first) * 1.05;
  const width = WIDTH - LEFT - RIGHT;
  const step = width / points.length;
  const xOfIndex = (i) => (spacing === 'event'
    ? LEFT + step * i + step / 2
    : LEFT + ((instant(points[i].at) - first) / span) * width);
  const rightEdge = WIDTH - RIGHT;
  const highest = Math.max(1, ...points.flatMap((p) => [Number(p.creditLimit), Number(p.outstanding)]));
  const yOf = (amount) => PLOT_BOTTOM - (Number(amount) / (highest * 1.1)) * (PLOT_BOTTOM - TOP);

  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'timeline', role: 'img', 'aria-label': t('timeline'),
    'data-spacing': spacing,
  });
  const plot = svg('rect', {
    x: LEFT, y: TOP, width, height: LANE + 14 - TOP, class: 'plot-area',
  });
  chart.append(plot);

  // Restriction bands: runs of points with a restriction in force.
  for (let i = 0; i < points.length; i += 1) {
    if (!points[i].restriction || (i > 0 && points[i - 1].restriction)) {
      continue;
    }
    let end = i;
    while (end + 1 < points.length && points[end + 1].restriction) {
      end += 1;
    }
    const x0 = xOfIndex(i);
    const x1 = end + 1 < points.length ? xOfIndex(end + 1) : rightEdge;
    const restriction = points[i].restriction;
    chart.append(svg('rect', {
      x: x0, y: TOP, width: Math.max(2, x1 - x0), height: PLOT_BOTTOM - TOP, class: 'band',
      dataset: { reason: restriction.reasonCode, from: String(points[i].sequence) },
    }, svg('title', {}, `${t('restrictedBand')}: ${restriction.kind} ${restriction.reasonCode}`)));
  }

  // Axes and gridlines.
  for (let k = 0; k <= 4; k += 1) {
    const amount = (highest * 1.1 * k) / 4;
    const y = yOf(amount);
    chart.append(svg('line', { x1: LEFT, x2: rightEdge, y1: y, y2: y, class: 'grid' }));
    chart.append(svg('text', { x: LEFT - 6, y: y + 4, class: 'axis-label', 'text-anchor': 'end' },
      amount.toFixed(0)));
  }
  chart.append(svg('text', { x: LEFT, y: HEIGHT - 2, class: 'axis-label' }, points[0].at));
  chart.append(svg('text', { x: rightEdge, y: HEIGHT - 2, class: 'axis-label', 'text-anchor': 'end' },
    points[points.length - 1].at));

  // The figures as step lines: a figure holds from one event until the next changes it.
  SERIES.forEach(([field, name]) => {
    let path = '';
    points.forEach((point, i) => {
      const x = xOfIndex(i);
      const y = yOf(point[field]);
      path += i === 0 ? `M${x},${y}` : `H${x}V${y}`;
    });
    path += `H${rightEdge}`;
    chart.append(svg('path', { d: path, class: `line line-${name}`, dataset: { series: name } }));
  });

  // The event lane: one mark per event.
  chart.append(svg('line', { x1: LEFT, x2: rightEdge, y1: LANE, y2: LANE, class: 'lane' }));
  const marks = new Map();
  points.forEach((point, i) => {
    const mark = svg('circle', {
      cx: xOfIndex(i), cy: LANE, r: 6, class: `mark mark-${point.type}`, tabindex: 0,
      dataset: { sequence: String(point.sequence), type: point.type, at: point.at },
      onclick: (event) => {
        event.stopPropagation();
        onPick({ at: point.at, sequence: point.sequence });
      },
      onkeydown: (event) => {
        if (event.key === 'Enter') {
          onPick({ at: point.at, sequence: point.sequence });
        }
      },
    }, svg('title', {}, `#${point.sequence} ${point.type} ${point.at}\n${point.summary}`));
    marks.set(point.sequence, mark);
    chart.append(mark);
  });

  const cursor = svg('line', { x1: 0, x2: 0, y1: TOP, y2: LANE + 10, class: 'cursor', visibility: 'hidden' });
  chart.append(cursor);

  // A click elsewhere asks for the explanation at the instant under the pointer.
  chart.addEventListener('click', (event) => {
    const box = chart.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    if (x < LEFT || x > rightEdge) {
      return;
    }
    if (spacing === 'event') {
      const index = Math.min(points.length - 1, Math.max(0, Math.floor((x - LEFT) / step)));
      onPick({ at: points[index].at, sequence: points[index].sequence });
    } else {
      onPick({ at: new Date(first + ((x - LEFT) / width) * span).toISOString() });
    }
  });

  const legend = svg('g', { class: 'legend' });
  SERIES.forEach(([, name, label], k) => {
    const x = LEFT + 10 + k * 130;
    legend.append(svg('line', { x1: x, x2: x + 24, y1: TOP + 10, y2: TOP + 10, class: `line line-${name}` }));
    legend.append(svg('text', { x: x + 30, y: TOP + 14, class: 'legend-label' }, t(label)));
  });
  chart.append(legend);

  return {
    element: chart,
    /** Marks the evidence of an explanation and the event that imposed its restriction; clears the previous. */
    highlight(evidence, cause) {
      marks.forEach((mark, sequence) => {
        mark.classList.toggle('evidence', evidence.includes(sequence));
        mark.classList.toggle('cause', sequence === cause);
      });
    },
    /** Draws the cursor at the instant explained. */
    cursorAt(at, sequence) {
      let x;
      if (spacing === 'event' || sequence !== undefined) {
        let index = points.findIndex((p) => p.sequence === sequence);
        if (index < 0) {
          index = points.filter((p) => instant(p.at) <= instant(at)).length - 1;
        }
        x = xOfIndex(Math.max(0, index));
      } else {
        x = LEFT + ((instant(at) - first) / span) * width;
      }
      cursor.setAttribute('x1', x);
      cursor.setAttribute('x2', x);
      cursor.setAttribute('visibility', 'visible');
    },
  };
}
