// The portfolio: accounts by status, totals by currency, restrictions in force by reason.
import { query } from './api.js';
import { el, table } from './dom.js';
import { t } from './i18n.js';

// Set through the CSSOM: the content policy allows no inline style attributes.
function share(bar, fraction) {
  bar.style.setProperty('--share', `${(fraction * 100).toFixed(1)}%`);
  return bar;
}

function bars(counts, id) {
  const entries = Object.entries(counts || {});
  if (entries.length === 0) {
    return el('p', {}, t('empty'));
  }
  const most = Math.max(1, ...entries.map(([, n]) => n));
  return el('ul', { class: 'bars', id }, entries.map(([label, n]) => el('li', { dataset: { key: label } },
    el('span', { class: 'bar-label' }, label),
    share(el('span', { class: 'bar' }), n / most),
    el('span', { class: 'num bar-value' }, String(n)))));
}

export async function portfolioPage(root) {
  const portfolio = await query('portfolio');
  root.replaceChildren(el('section', { class: 'card', id: 'portfolio' }, el('h2', {}, t('portfolio')),
    el('h3', {}, t('accountsByStatus')), bars(portfolio.accountsByStatus, 'by-status'),
    el('h3', {}, t('totals')), table([t('currency'), t('accounts'), t('totalLimit'), t('totalOutstanding')],
      portfolio.totals.map((row) => el('tr', {}, el('td', {}, row.currency), el('td', { class: 'num' }, row.accounts),
        el('td', { class: 'num' }, row.totalCreditLimit), el('td', { class: 'num' }, row.totalOutstanding)))),
    el('h3', {}, t('restrictionsByReason')), bars(portfolio.restrictionsByReasonCode, 'by-reason')));
}
