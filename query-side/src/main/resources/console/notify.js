// One line of feedback under the header: what a command did, or why it was refused.
export function notify(text, isError = false) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.classList.toggle('error', isError);
  message.hidden = false;
}

export function clearNotice() {
  const message = document.getElementById('message');
  message.hidden = true;
  message.textContent = '';
}
