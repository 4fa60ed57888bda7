// The console's shell: the token form, the language switch and a hash router over the four pages.
import { setToken, token } from './api.js';
import { accountPage } from './account.js';
import { appealsPage } from './appeals.js';
import { el } from './dom.js';
import { lang, relabel, setLang, t } from './i18n.js';
import { clearNotice, notify } from './notify.js';
import { portfolioPage } from './portfolio.js';
import { projectionsPage } from './projections.js';

const root = document.getElementById('page');
let rendering = 0;

function route() {
  const [, page = 'account', ...rest] = (window.location.hash || '#/account').split('/');
  return { page, argument: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

function go(accountId) {
  window.location.hash = accountId ? `#/account/${encodeURIComponent(accountId)}` : '#/account';
}

async function render() {
  const ticket = ++rendering;
  const { page, argument } = route();
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('on', a.dataset.page === page));
  const signedIn = Boolean(token());
  document.getElementById('signin').hidden = signedIn;
  document.getElementById('signed-in').hidden = !signedIn;
  document.querySelectorAll('.lang button').forEach((b) => b.classList.toggle('on', b.dataset.lang === lang()));
  relabel();
  if (!signedIn) {
    root.replaceChildren(el('p', { class: 'hint', id: 'need-token' }, t('needToken')));
    return;
  }
  root.replaceChildren(el('p', {}, t('loading')));
  const isCurrent = () => ticket === rendering;
  try {
    if (page === 'appeals') {
      await appealsPage(root);
    } else if (page === 'portfolio') {
      await portfolioPage(root);
    } else if (page === 'projections') {
      await projectionsPage(root, isCurrent);
    } else {
      await accountPage(root, argument, go);
    }
    root.dataset.page = page;
  } catch (error) {
    if (isCurrent()) {
      root.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }
}

document.getElementById('signin').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value);
  input.value = '';
  clearNotice();
  render();
});

document.getElementById('signout').addEventListener('click', () => {
  setToken(null);
  clearNotice();
  render();
});

document.querySelectorAll('.lang button').forEach((button) => button.addEventListener('click', () => {
  setLang(button.dataset.lang);
  render();
}));

window.addEventListener('hashchange', () => {
  clearNotice();
  render();
});
window.addEventListener('unhandledrejection', (event) => notify(String(event.reason?.message || event.reason), true));

setLang(lang());
render();
