// Shared helpers of Parley's pages (candidate.js, admin.js): building DOM without innerHTML
// (all text goes in as text nodes, so nothing the server or a user typed can become markup),
// the REST client of PROTOCOL.md with its {"error":{"code","message"}} errors, and formatting.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function applyProps(node, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.setAttribute('class', value);
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'style') throw new Error('inline styles are not allowed by the pages\' CSP');
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

/** An HTML element: el('button', {class: 'primary', onClick}, 'Start'). */
export function el(tag, props, ...children) {
  return append(applyProps(document.createElement(tag), props), children);
}

/** An SVG element (attributes are set verbatim: width, fill, …). */
export function svg(tag, attrs, ...children) {
  return append(applyProps(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Replaces a node's children. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The content of <meta name="…">, or '' when absent. */
export function meta(name) {
  const node = document.querySelector(`meta[name="${name}"]`);
  return node ? node.getAttribute('content') || '' : '';
}

/** A REST error: HTTP status plus the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the REST API with a bearer token; resolves to the decoded JSON body, rejects with an
 * ApiError (status 0 when the server could not be reached).
 */
export async function api(path, { method = 'GET', token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'network', 'Parley could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (error) { json = null; }
  if (!response.ok) {
    const detail = json && json.error ? json.error : {};
    throw new ApiError(response.status, detail.code || `http_${response.status}`, detail.message || `HTTP ${response.status}`);
  }
  return json;
}

/** "1.2 s" / "340 ms". */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** "3:07" from milliseconds. */
export function formatClock(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A local date and time for an ISO 8601 string. */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** Splits `text` into what was heard (a word prefix matching `heardText`) and the rest. */
export function splitHeard(text, heardText) {
  const heardWords = (heardText || '').trim().split(/\s+/).filter(Boolean);
  if (heardWords.length === 0) return { heard: '', rest: text };
  const words = text.split(/(\s+)/);   // keeps the separators
  let count = 0, cut = 0;
  for (let i = 0; i < words.length && count < heardWords.length; i++) {
    if (!/^\s+$/.test(words[i]) && words[i] !== '') count += 1;
    cut = i + 1;
  }
  return { heard: words.slice(0, cut).join(''), rest: words.slice(cut).join('') };
}
