// The appeals queue with overdue marks; ops decide an appeal here (a command sent to the command side).
import { accountPath, command, query } from './api.js';
import { el, table } from './dom.js';
import { t } from './i18n.js';
import { notify } from './notify.js';

const FILTERS = [['OPEN', 'open', false], ['OPEN', 'overdueOnly', true], ['DECIDED', 'decided', false], ['', 'all', false]];

function decisionForm(item, reload) {
  const note = el('input', { name: 'note', class: 'decision-note', maxlength: 1000, required: true,
    placeholder: t('decisionNote'), 'aria-label': t('decisionNote') });
  async function decide(decision) {
    if (!note.value.trim()) {
      note.reportValidity();
      return;
    }
    try {
      const view = await command(accountPath(item.accountId, `/appeals/${encodeURIComponent(item.appealId)}/decision`),
        { decision, note: note.value.trim() });
      notify(`${t('decisionSent')} ${item.appealId}: ${decision} → ${view.status}`);
      await reload(item);
    } catch (error) {
      notify(error.message, true);
    }
  }
  return el('form', { class: 'decide', onsubmit: (event) => event.preventDefault() }, note,
    el('button', { type: 'button', class: 'uphold', onclick: () => decide('UPHOLD') }, t('uphold')),
    el('button', { type: 'button', class: 'reject', onclick: () => decide('REJECT') }, t('reject')));
}

export async function appealsPage(root) {
  let filter = 0;
  const body = el('div', {});
  const buttons = el('div', { class: 'filters', role: 'group' }, FILTERS.map(([, label], index) => el('button', {
    type: 'button', dataset: { filter: String(index) }, onclick: () => {
      filter = index;
      load();
    },
  }, t(label))));

  async function load() {
    buttons.querySelectorAll('button').forEach((b) => b.classList.toggle('on', Number(b.dataset.filter) === filter));
    const [status, , overdue] = FILTERS[filter];
    try {
      const page = await query('appeals', { status, overdue: overdue ? 'true' : '', size: 200 });
      body.replaceChildren(el('p', { class: 'hint' }, `${t('asOf')} ${page.asOf} · ${page.total}`),
        page.items.length === 0 ? el('p', {}, t('empty')) : table(
          [t('appeal'), t('account'), t('restriction'), t('filedAt'), t('dueBy'), t('status'), t('decidedBy'), t('decision')],
          page.items.map((item) => el('tr', {
            class: item.overdue ? 'appeal overdue' : 'appeal', dataset: { appeal: item.appealId },
          },
          el('td', {}, item.appealId),
          el('td', {}, el('a', { href: `#/account/${encodeURIComponent(item.accountId)}` }, item.accountId)),
          el('td', { class: 'num' }, `#${item.restrictionSequence}`),
          el('td', {}, item.filedAt),
          el('td', {}, item.dueBy, item.overdue ? el('span', { class: 'badge overdue-mark' }, t('overdue')) : null),
          el('td', { class: 'appeal-status' }, item.status),
          el('td', {}, item.decidedBy ? `${item.decidedBy} ${item.decidedAt}` : ''),
          el('td', {}, item.status === 'OPEN' ? decisionForm(item, reloadAfter) : item.decisionNote || '')))));
    } catch (error) {
      body.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }

  // The queue is a view: it shows the decision once its projection has caught up with the command.
  async function reloadAfter(decided) {
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const page = await query('appeals', { status: 'OPEN', size: 500 });
      if (!page.items.some((i) => i.accountId === decided.accountId && i.appealId === decided.appealId)) {
        break;
      }
      await new Promise((resolve) => { setTimeout(resolve, 200); });
    }
    await load();
  }

  root.replaceChildren(el('section', { class: 'card', id: 'appeals' }, el('h2', {}, t('appeals')), buttons, body));
  await load();
}
