// Sign in / create account.
import { describe } from '../api';
import { h } from '../dom';
import type { Store } from '../store';

export function authView(store: Store): HTMLElement {
  let mode: 'login' | 'register' = 'login';
  const error = h('p', { className: 'error', role: 'alert', id: 'auth-error' });
  const username = h('input', { id: 'auth-username', name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32 });
  const password = h('input', { id: 'auth-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, minlength: 8 });
  const displayName = h('input', { id: 'auth-display-name', name: 'displayName', autocomplete: 'nickname', maxlength: 100 });
  const displayField = h('div', { className: 'field', hidden: true }, h('label', { for: 'auth-display-name' }, 'Display name (optional)'), displayName);
  const submit = h('button', { type: 'submit', className: 'primary' }, 'Sign in');
  const switcher = h('button', { type: 'button', className: 'link' }, 'Create an account');
  const heading = h('h2', { id: 'auth-heading' }, 'Sign in');

  const setMode = (next: 'login' | 'register') => {
    mode = next;
    heading.textContent = next === 'login' ? 'Sign in' : 'Create an account';
    submit.textContent = next === 'login' ? 'Sign in' : 'Create account';
    switcher.textContent = next === 'login' ? 'Create an account' : 'I have an account';
    displayField.hidden = next === 'login';
    password.autocomplete = next === 'login' ? 'current-password' : 'new-password';
    error.textContent = '';
  };
  switcher.addEventListener('click', () => setMode(mode === 'login' ? 'register' : 'login'));

  const form = h('form', { className: 'auth-form', 'aria-labelledby': 'auth-heading', novalidate: false },
    heading,
    h('div', { className: 'field' }, h('label', { for: 'auth-username' }, 'Username'), username),
    h('div', { className: 'field' }, h('label', { for: 'auth-password' }, 'Password'), password),
    displayField, error, submit, switcher);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      if (mode === 'login') await store.api.login(username.value.trim(), password.value);
      else await store.api.register(username.value.trim(), password.value, displayName.value.trim());
    } catch (failure) {
      error.textContent = describe(failure);
    } finally {
      submit.disabled = false;
    }
  });

  return h('main', { className: 'auth', id: 'main' },
    h('h1', {}, store.server.name || 'Chat'),
    h('p', { className: 'muted' }, 'Talk with friends, groups and rooms.'),
    form);
}
