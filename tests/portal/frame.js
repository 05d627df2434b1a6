// A portal page embedding the hosted planner in an <iframe> and driving it
// by postMessage (README.md, "Iframe"). `?src=` is the iframe's address.
const frame = document.getElementById('planner-frame');
const pending = new Map();
let next = 1;
window.addEventListener('message', (event) => {
  const reply = event.data;
  if (event.source !== frame.contentWindow || !reply || reply.qp !== 1) return;
  const done = pending.get(reply.id);
  if (!done) return;
  pending.delete(reply.id);
  if (reply.ok) done.resolve(reply.result); else done.reject(new Error(reply.error));
});
// One command; resolves with the planner's answer, rejects with its error.
window.planner = (method, ...args) => new Promise((resolve, reject) => {
  const id = next++;
  pending.set(id, { resolve, reject });
  frame.contentWindow.postMessage({ qp: 1, id, method, args }, '*');
});
window.frameLoaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
frame.src = new URLSearchParams(location.search).get('src');
