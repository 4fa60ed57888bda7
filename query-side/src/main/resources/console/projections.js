// Projections: how far each view has read the event stream, a progress bar while one rebuilds, and (for ops) the
// button that rebuilds it.
import { query, queryPost } from './api.js';
import { el, table } from './dom.js';
import { t } from './i18n.js';
import { notify } from './notify.js';

const POLL_MS = 400;

export async function projectionsPage(root, isCurrent) {
  const body = el('div', {});
  // Every progress figure seen during a rebuild, so the user (and a test) can see it move.
  const watched = new Map();
  let timer = null;

  function row(p) {
    const progress = el('progress', { max: 100, value: p.progressPercent.toFixed(1), class: 'progress',
      'aria-label': `${t('progress')} ${p.name}` });
    const seen = watched.get(p.name);
    if (seen && (p.replaying || p.position !== null) && (p.replaying || seen.at(-1) !== p.progressPercent)) {
      seen.push(p.progressPercent);
    }
    return el('tr', { dataset: { projection: p.name, replaying: String(p.replaying) }, class: p.replaying ? 'replaying' : '' },
      el('td', {}, p.name),
      el('td', { class: 'num' }, p.position ?? '—'),
      el('td', { class: 'num' }, p.head ?? '—'),
      el('td', { class: 'num' }, p.lagEvents ?? '—'),
      el('td', {}, progress, ' ', el('span', { class: 'progress-value num' }, `${p.progressPercent.toFixed(1)}%`),
        ' ', el('span', { class: 'projection-state' }, p.replaying ? t('rebuilding') : t('upToDate')),
        seen?.length ? el('span', { class: 'progress-seen hint' }, ` (${seen.map((v) => `${v.toFixed(0)}%`).join(' → ')})`) : null),
      el('td', { class: 'num' }, p.deadLetters),
      el('td', { class: 'error' }, p.error || ''),
      el('td', {}, el('button', { type: 'button', class: 'rebuild', disabled: p.replaying,
        onclick: () => rebuild(p.name) }, t('rebuild'))));
  }

  async function load() {
    try {
      const list = await query('admin/projections');
      body.replaceChildren(table([t('name'), t('position'), t('head'), t('lag'), t('progress'), t('deadLetters'),
        t('error'), ''], list.projections.map(row)));
      // Poll while a rebuild runs (and while a restarted projection has not yet claimed its place in the stream),
      // and stop once the page is left.
      const busy = list.projections.some((p) => p.replaying || (watched.has(p.name) && p.position === null));
      if (busy && isCurrent()) {
        timer = setTimeout(load, POLL_MS);
      } else {
        timer = null;
      }
    } catch (error) {
      body.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }

  async function rebuild(name) {
    try {
      await queryPost(`admin/projections/${encodeURIComponent(name)}/rebuild`);
      watched.set(name, []);
      notify(`${t('rebuildStarted')} ${name}`);
      clearTimeout(timer);
      await load();
    } catch (error) {
      notify(error.message, true);
    }
  }

  root.replaceChildren(el('section', { class: 'card', id: 'projections' }, el('h2', {}, t('projections')),
    el('button', { type: 'button', id: 'refresh-projections', onclick: () => { clearTimeout(timer); load(); } }, t('refresh')),
    body));
  await load();
}
