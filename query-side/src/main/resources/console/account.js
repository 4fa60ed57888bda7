// Find an account; its limits card, timeline, explanation at any instant and restriction episodes.
import { accountPath, query } from './api.js';
import { el, facts, table } from './dom.js';
import { lang, t } from './i18n.js';
import { timelineChart } from './timeline.js';

const MAX_PAGES = 50;

// What the user last looked at on this account, so switching the language or coming back keeps it in view.
const remembered = { accountId: null, pick: null, spacing: 'time' };

async function allPoints(accountId) {
  let points = [];
  let after;
  let currency;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const series = await query(accountPath(accountId, '/series'), { after });
    points = points.concat(series.points);
    currency = series.currency;
    if (series.next === null || series.next === undefined) {
      break;
    }
    after = series.next;
  }
  return { points, currency };
}

function findForm(accountId, go) {
  const input = el('input', { id: 'account-id', name: 'accountId', value: accountId || '', required: true,
    pattern: '[A-Za-z0-9._\\-]{1,64}', spellcheck: 'false' });
  return el('form', { class: 'find', id: 'find-account', onsubmit: (event) => {
    event.preventDefault();
    go(input.value.trim());
  } },
  el('h2', {}, t('find')),
  el('label', {}, t('accountId'), ' ', input), ' ',
  el('button', { type: 'submit' }, t('show')));
}

async function accountList(go) {
  const select = el('select', { id: 'status-filter' },
    el('option', { value: '' }, t('anyStatus')),
    ['ACTIVE', 'FROZEN', 'CLOSED'].map((status) => el('option', { value: status }, status)));
  const body = el('div', {});
  const box = el('section', { class: 'card', id: 'account-list' }, el('h2', {}, t('restrictedAccounts')), select, body);
  async function load() {
    body.replaceChildren(t('loading'));
    try {
      const page = await query('accounts', { status: select.value, size: 50 });
      body.replaceChildren(page.items.length === 0 ? el('p', {}, t('empty')) : table(
        [t('account'), t('status'), t('creditLimit'), t('outstanding'), t('available'), t('restriction')],
        page.items.map((item) => el('tr', {},
          el('td', {}, el('a', { href: `#/account/${encodeURIComponent(item.accountId)}` }, item.accountId)),
          el('td', {}, item.status), el('td', { class: 'num' }, item.creditLimit),
          el('td', { class: 'num' }, item.outstanding), el('td', { class: 'num' }, item.available),
          el('td', {}, item.restriction ? `${item.restriction.kind} ${item.restriction.reasonCode}` : '')))));
    } catch (error) {
      // Lenders read one account at a time; the list is for ops and auditors.
      box.hidden = error.status === 403;
      body.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }
  select.addEventListener('change', load);
  await load();
  return box;
}

function limitsCard(view) {
  const restriction = view.restriction
    ? `${view.restriction.kind} ${view.restriction.reasonCode} (${t('since')} ${view.restriction.since}, #${view.restriction.eventSequence})`
    : t('none');
  return el('section', { class: 'card', id: 'limits' },
    el('h2', {}, `${t('limits')} · ${view.accountId}`),
    facts([
      [t('status'), view.status, { class: `status status-${view.status}`, id: 'limits-status' }],
      [t('currency'), view.currency],
      [t('creditLimit'), view.creditLimit, { class: 'num', id: 'limits-credit-limit' }],
      [t('outstanding'), view.outstanding, { class: 'num', id: 'limits-outstanding' }],
      [t('available'), view.available, { class: 'num', id: 'limits-available' }],
      [t('restriction'), restriction, { id: 'limits-restriction' }],
      [t('version'), view.version],
    ]),
    view.drawdowns.length === 0 ? null : el('div', {}, el('h3', {}, t('drawdowns')), table(
      [t('drawdown'), t('principal'), t('outstanding'), t('dueDate')],
      view.drawdowns.map((d) => el('tr', {}, el('td', {}, d.drawdownId), el('td', { class: 'num' }, d.principal),
        el('td', { class: 'num' }, d.outstanding), el('td', {}, d.dueDate))))));
}

function figures(label, f) {
  return f ? `${label}: ${f.status} · ${t('creditLimit')} ${f.creditLimit} · ${t('outstanding')} ${f.outstanding} · ${t('available')} ${f.available}` : null;
}

export function explanationView(explanation) {
  const r = explanation.restriction;
  const narrative = (r?.narrative || explanation.narrative)?.[lang()];
  const parts = [
    el('h2', {}, `${t('explanationAt')} ${explanation.at}`),
    narrative ? el('p', { class: 'narrative', id: 'narrative' }, narrative) : null,
    facts([
      [t('status'), explanation.status],
      [t('canBorrow'), explanation.canBorrow ? t('yes') : t('no'), { id: 'can-borrow' }],
      [t('available'), explanation.available, { class: 'num' }],
    ]),
  ];
  if (r) {
    parts.push(facts([
      [t('kind'), r.kind], [t('reasonCode'), r.reasonCode, { id: 'explanation-reason' }],
      [t('imposedAt'), `${r.imposedAt} (#${r.eventSequence})`], [t('imposedBy'), r.imposedBy],
      [t('automated'), r.solelyAutomated ? t('yes') : t('no')],
      r.policyVersion && [t('policy'), r.policyVersion], r.ruleId && [t('rule'), r.ruleId, { id: 'explanation-rule' }],
      r.modelVersion && [t('model'), r.modelVersion], r.batchId && [t('batch'), r.batchId],
      r.note && [t('note'), r.note],
    ]));
    if (r.principalReasons?.length) {
      parts.push(el('h3', {}, t('reasons')), table([t('reasonCode'), t('summary'), t('observed'), t('threshold')],
        r.principalReasons.map((p) => el('tr', {}, el('td', {}, p.code), el('td', {}, p.description),
          el('td', {}, p.observed), el('td', {}, p.threshold)))));
    }
    if (r.evidence?.length) {
      parts.push(el('h3', {}, t('evidence')), el('ul', { id: 'evidence' }, r.evidence.map((e) => el('li',
        { class: 'evidence-item', dataset: { sequence: String(e.sequence) } },
        `#${e.sequence} ${e.type} ${e.at} — ${e.summary}`))));
    }
    parts.push(el('p', {}, figures(t('before'), r.stateBefore)), el('p', {}, figures(t('after'), r.stateAfter)));
    if (r.liftableBy?.length) {
      parts.push(el('p', {}, `${t('liftableBy')}: `, r.liftableBy.map((l) => [l.kind, l.at && ` ${l.at}`,
        l.scoreNeeded && ` ≥ ${l.scoreNeeded}`].filter(Boolean).join('')).join(' · ')));
    }
  }
  if (explanation.alsoInForce?.length) {
    parts.push(el('p', {}, `${t('alsoInForce')}: `,
      explanation.alsoInForce.map((a) => `${a.kind} ${a.reasonCode} #${a.eventSequence}`).join(' · ')));
  }
  return parts;
}

function episodesCard(episodes) {
  return el('section', { class: 'card', id: 'episodes' }, el('h2', {}, t('episodes')),
    episodes.length === 0 ? el('p', {}, t('empty')) : el('ol', {}, episodes.map((episode) => {
      const r = episode.explanation;
      const ending = episode.ending
        ? `${t('ended')} ${episode.ending.endedAt} (#${episode.ending.eventSequence} ${episode.ending.type}, ${t('endedBy')} ${episode.ending.endedBy}${episode.ending.reasonCode ? `, ${episode.ending.reasonCode}` : ''})`
        : t('stillInForce');
      return el('li', { class: episode.ending ? 'episode' : 'episode in-force', dataset: { sequence: String(r.eventSequence) } },
        el('strong', {}, `${r.kind} ${r.reasonCode}`), ` ${r.imposedAt} (#${r.eventSequence}) — ${ending}`,
        r.narrative?.[lang()] ? el('p', { class: 'narrative' }, r.narrative[lang()]) : null);
    })));
}

export async function accountPage(root, accountId, go) {
  root.replaceChildren(findForm(accountId, go));
  if (!accountId) {
    root.append(await accountList(go));
    return;
  }
  let view;
  let series;
  let episodes;
  try {
    [view, series, episodes] = await Promise.all([
      query(accountPath(accountId)), allPoints(accountId), query(accountPath(accountId, '/restrictions')),
    ]);
  } catch (error) {
    root.append(el('p', { class: 'error', id: 'account-error' },
      error.code === 'ACCOUNT_NOT_FOUND' ? t('noAccount') : error.message));
    return;
  }
  const explanationBox = el('section', { class: 'card', id: 'explanation' }, el('p', {}, t('timelineHint')));
  const chartBox = el('div', { class: 'chart' });
  const eventsBody = el('tbody', {});
  const spacingSelect = el('select', { id: 'spacing' },
    el('option', { value: 'time' }, t('byTime')), el('option', { value: 'event' }, t('byEvent')));
  let chart;
  if (remembered.accountId !== accountId) {
    Object.assign(remembered, { accountId, pick: null });
  }
  spacingSelect.value = remembered.spacing;

  async function explain(pick) {
    remembered.pick = pick;
    chart.cursorAt(pick.at, pick.sequence);
    explanationBox.replaceChildren(el('p', {}, t('loading')));
    try {
      const explanation = await query(accountPath(accountId, '/explanation'), { at: pick.at });
      explanationBox.replaceChildren(...explanationView(explanation));
      const evidence = explanation.restriction?.evidence?.map((e) => e.sequence) || [];
      const cause = explanation.restriction?.eventSequence;
      chart.highlight(evidence, cause);
      eventsBody.querySelectorAll('tr').forEach((row) => {
        const sequence = Number(row.dataset.sequence);
        row.classList.toggle('evidence', evidence.includes(sequence));
        row.classList.toggle('cause', sequence === cause);
      });
    } catch (error) {
      explanationBox.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }

  function draw() {
    remembered.spacing = spacingSelect.value;
    chart = timelineChart(series.points, spacingSelect.value, explain);
    chartBox.replaceChildren(chart.element);
    if (remembered.pick) {
      explain(remembered.pick);
    }
  }
  spacingSelect.addEventListener('change', draw);

  eventsBody.append(...series.points.map((p) => el('tr', {
    dataset: { sequence: String(p.sequence) }, class: 'event-row',
    onclick: () => explain({ at: p.at, sequence: p.sequence }),
  }, el('td', { class: 'num' }, p.sequence), el('td', {}, p.at), el('td', {}, p.type), el('td', {}, p.summary),
  el('td', { class: 'num' }, p.creditLimit), el('td', { class: 'num' }, p.outstanding),
  el('td', { class: 'num' }, p.available))));

  root.append(limitsCard(view),
    el('section', { class: 'card', id: 'timeline' },
      el('h2', {}, `${t('timeline')} (${series.currency})`), el('label', {}, spacingSelect), chartBox,
      el('p', { class: 'hint' }, t('timelineHint'))),
    explanationBox,
    episodesCard(episodes.episodes),
    el('section', { class: 'card', id: 'events' }, el('h2', {}, t('events')), el('table', {},
      el('thead', {}, el('tr', {}, [t('sequence'), t('at'), t('type'), t('summary'), t('creditLimit'),
        t('outstanding'), t('available')].map((h) => el('th', {}, h)))), eventsBody)));
  draw();
}
