// The recruiter's view (/admin) over the REST API of PROTOCOL.md with the admin bearer token
// (kept in sessionStorage, i.e. for this tab only): create an interview and get its join link;
// list interviews with their status; open one (#/interviews/{id}) to read its transcript
// (interrupted lines marked, with what the candidate heard), its scored report and a per-turn
// latency chart.
import { ApiError, api, el, formatClock, formatDate, formatMs, replaceChildren, splitHeard } from './common.js';
import { latencyChart } from './latency-chart.js';

const TOKEN_KEY = 'parley.adminToken';
const $ = (id) => document.getElementById(id);
const ui = {
  notice: $('notice'), signIn: $('sign-in'), signInForm: $('sign-in-form'), token: $('token'), signOut: $('sign-out'),
  listView: $('list-view'), createForm: $('create-form'), created: $('created'), refresh: $('refresh'),
  interviews: $('interviews'), empty: $('empty'),
  detailView: $('detail-view'), detailHeader: $('detail-header'), latency: $('latency'), report: $('report'),
  transcript: $('detail-transcript'),
};
const RECOMMENDATION = { strongHire: 'strong hire', hire: 'hire', leanNo: 'lean no', no: 'no' };
const STATUS = { scheduled: 'scheduled', in_progress: 'in progress', disconnected: 'disconnected', completed: 'completed' };

let token = sessionStorage.getItem(TOKEN_KEY) || '';

function notify(text, kind = 'error') {
  ui.notice.className = `notice ${kind}`;
  ui.notice.textContent = text;
}

function clearNotice() {
  ui.notice.className = 'notice hidden';
  ui.notice.textContent = '';
}

function show(view) {
  ui.signIn.classList.toggle('hidden', view !== 'sign-in');
  ui.listView.classList.toggle('hidden', view !== 'list');
  ui.detailView.classList.toggle('hidden', view !== 'detail');
  ui.signOut.classList.toggle('hidden', view === 'sign-in');
  document.body.dataset.view = view;
}

/** REST with the admin token; a 401 sends the recruiter back to the sign-in form. */
async function adminApi(path, options = {}) {
  try {
    return await api(path, Object.assign({ token }, options));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut('The admin token was not accepted. Enter it again.');
    }
    throw error;
  }
}

function signOut(message) {
  token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  show('sign-in');
  if (message) notify(message); else clearNotice();
  ui.token.focus();
}

function statusBadge(status) {
  return el('span', { class: `badge status-${status}`, 'data-status': status }, STATUS[status] || status);
}

// MARK: - List and create

async function showList() {
  show('list');
  try {
    const interviews = await adminApi('/v1/interviews');
    clearNotice();
    renderList(interviews || []);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) notify(`Could not load the interviews: ${error.message}`);
  }
}

function renderList(interviews) {
  ui.empty.classList.toggle('hidden', interviews.length > 0);
  replaceChildren(ui.interviews, interviews.map((interview) => {
    const href = `#/interviews/${encodeURIComponent(interview.id)}`;
    const row = el('tr', { class: 'clickable', 'data-id': interview.id, onClick: () => { location.hash = href; } },
      el('td', {}, formatDate(interview.createdAt)),
      el('td', {}, interview.role, el('div', { class: 'muted small' }, `${interview.type} · ${interview.level}`)),
      el('td', { class: 'optional' }, interview.candidateName || '—'),
      el('td', {}, statusBadge(interview.status)),
      el('td', { class: 'optional' }, String(interview.questionCount)),
      el('td', {}, el('a', { href }, 'Open')));
    return row;
  }));
}

async function create(event) {
  event.preventDefault();
  const form = new FormData(ui.createForm);
  const body = {
    role: String(form.get('role') || '').trim(),
    type: form.get('type'),
    level: form.get('level'),
    techstack: String(form.get('techstack') || '').split(',').map((item) => item.trim()).filter(Boolean),
    questionCount: Number(form.get('questionCount')),
  };
  const name = String(form.get('candidateName') || '').trim();
  if (name) body.candidateName = name;
  try {
    const interview = await adminApi('/v1/interviews', { method: 'POST', body });
    clearNotice();
    const link = el('input', { class: 'join-link', id: 'join-link', readonly: true, value: interview.joinUrl, 'aria-label': 'Join link' });
    link.addEventListener('focus', () => link.select());
    const copy = el('button', { type: 'button', onClick: async () => {
      try { await navigator.clipboard.writeText(interview.joinUrl); copy.textContent = 'Copied'; } catch (error) { link.select(); }
    } }, 'Copy');
    ui.created.classList.remove('hidden');
    replaceChildren(ui.created,
      el('p', {}, `Interview for ${interview.role} created with ${interview.questions.length} questions. Send the candidate this link:`),
      el('div', { class: 'row' }, link, copy, el('a', { href: `#/interviews/${encodeURIComponent(interview.id)}` }, 'Open')));
    ui.created.dataset.id = interview.id;
    await showList();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) notify(`Could not create the interview: ${error.message}`);
  }
}

// MARK: - One interview

async function showDetail(id) {
  show('detail');
  replaceChildren(ui.detailHeader, el('p', { class: 'muted' }, 'Loading…'));
  ui.latency.replaceChildren();
  ui.report.replaceChildren();
  ui.transcript.replaceChildren();
  let interview;
  try {
    interview = await adminApi(`/v1/interviews/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) replaceChildren(ui.detailHeader, el('p', { class: 'notice error' }, error.message));
    return;
  }
  clearNotice();
  renderHeader(interview);
  const [transcript, report] = await Promise.all([
    adminApi(`/v1/interviews/${encodeURIComponent(id)}/transcript`).catch((error) => error),
    interview.status === 'scheduled' ? Promise.resolve(null) : adminApi(`/v1/interviews/${encodeURIComponent(id)}/report`).catch((error) => error),
  ]);
  renderTranscript(transcript);
  renderReport(report, interview);
  if (report && !(report instanceof Error) && report.latency) {
    const latency = report.latency;
    const summary = latency.endOfSpeechToFirstAudioMs
      ? `End of speech → first audio over ${latency.turns} turns: p50 ${formatMs(latency.endOfSpeechToFirstAudioMs.p50)}, `
        + `p95 ${formatMs(latency.endOfSpeechToFirstAudioMs.p95)}, max ${formatMs(latency.endOfSpeechToFirstAudioMs.max)}.`
      : '';
    replaceChildren(ui.latency, summary ? el('p', { class: 'muted small' }, summary) : null, latencyChart(latency.perTurn || []));
  } else {
    replaceChildren(ui.latency, el('p', { class: 'muted' }, 'Latency figures appear once the interview has been held.'));
  }
  document.body.dataset.loaded = id;
}

function renderHeader(interview) {
  replaceChildren(ui.detailHeader,
    el('div', { class: 'call-header' }, el('h1', {}, interview.role), statusBadge(interview.status)),
    el('p', { class: 'muted' }, [
      `${interview.type} · ${interview.level} · ${interview.questionCount} questions`,
      interview.techstack && interview.techstack.length ? ` · ${interview.techstack.join(', ')}` : '',
      interview.candidateName ? ` · ${interview.candidateName}` : '',
      ` · created ${formatDate(interview.createdAt)}`,
    ].join('')),
    interview.joinUrl ? el('p', { class: 'small' }, 'Join link: ', el('a', { class: 'join-link', href: interview.joinUrl }, interview.joinUrl)) : null,
    el('ol', { class: 'small' }, (interview.questions || []).map((q) => el('li', {}, q.text))));
}

function renderTranscript(entries) {
  if (entries instanceof Error) {
    replaceChildren(ui.transcript, el('li', { class: 'notice error' }, `Could not load the transcript: ${entries.message}`));
    return;
  }
  if (!entries || entries.length === 0) {
    replaceChildren(ui.transcript, el('li', { class: 'muted' }, 'Nothing has been said yet.'));
    return;
  }
  replaceChildren(ui.transcript, entries.map((entry) => {
    const who = el('span', { class: 'who' }, entry.role === 'candidate' ? 'Candidate' : 'Interviewer',
      ` · ${formatClock(entry.startMs)}`, entry.interrupted ? el('span', { class: 'badge' }, 'interrupted') : null);
    if (!entry.interrupted) {
      return el('li', { class: `line ${entry.role}`, 'data-seq': entry.seq }, who, el('span', { class: 'text' }, entry.text));
    }
    // Interrupted: what the candidate heard in black, the rest struck through, and the heard text spelled out.
    const heardText = (entry.heardText || '').trim();
    const { heard, rest } = splitHeard(entry.text, heardText);
    return el('li', { class: `line ${entry.role} interrupted`, 'data-seq': entry.seq }, who,
      el('span', { class: 'text' }, heard, rest ? el('span', { class: 'unheard', title: 'not heard: cut off' }, rest) : null),
      el('div', { class: 'small muted heard' },
        heardText ? `Heard before the interruption: “${heardText}”` : 'Cut off before any of it was heard.'));
  }));
}

function renderReport(report, interview) {
  if (report === null) {
    replaceChildren(ui.report, el('p', { class: 'muted' }, 'The report appears once the interview has been held.'));
    return;
  }
  if (report instanceof Error) {
    const text = report.code === 'not_ready' ? 'No report yet: the interview has not been held.' : `Could not load the report: ${report.message}`;
    replaceChildren(ui.report, el('p', { class: report.code === 'not_ready' ? 'muted' : 'notice error' }, text));
    return;
  }
  const criteria = [['relevance', 'Relevance'], ['depth', 'Depth'], ['structure', 'Structure'], ['techStack', 'Tech stack']];
  replaceChildren(ui.report,
    el('div', { class: 'row' },
      el('span', { class: 'score', 'data-overall': report.overallScore }, `${report.overallScore}`), el('span', { class: 'muted' }, '/ 100'),
      el('span', { class: 'badge' }, RECOMMENDATION[report.recommendation] || report.recommendation || '')),
    report.summary ? el('p', {}, report.summary) : null,
    el('p', { class: 'muted small' }, `Scored by ${report.scorer || 'unknown'}${report.final === false ? ' · provisional (the interview was not finished)' : ''}.`),
    (report.questions || []).map((q) => el('div', { class: 'card question-score', 'data-index': q.index },
      el('div', { class: 'call-header' }, el('h3', {}, `Q${q.index + 1}. ${q.question}`), el('strong', {}, `${q.score} / 100`)),
      q.answered ? el('p', { class: 'small' }, el('span', { class: 'muted' }, 'Answer: '), q.answer) : el('p', { class: 'muted small' }, 'Not answered.'),
      el('div', { class: 'criteria' }, criteria.filter(([key]) => q[key]).map(([key, label]) =>
        el('div', { class: 'criterion' }, el('strong', {}, `${label}: ${q[key].score} / 5`), q[key].rationale))))));
  if (interview.status !== 'completed' && report.final !== false) ui.report.dataset.status = interview.status;
}

// MARK: - Routing

function route() {
  if (!token) { show('sign-in'); return; }
  const match = /^#\/interviews\/([^/]+)$/.exec(location.hash);
  if (match) showDetail(decodeURIComponent(match[1]));
  else showList();
}

ui.signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const candidate = ui.token.value.trim();
  if (!candidate) return;
  try {
    await api('/v1/interviews', { token: candidate });
  } catch (error) {
    notify(error.status === 401 ? 'That token was not accepted.' : `Could not sign in: ${error.message}`);
    return;
  }
  token = candidate;
  sessionStorage.setItem(TOKEN_KEY, token);
  ui.token.value = '';
  clearNotice();
  route();
});
ui.signOut.addEventListener('click', () => signOut());
ui.createForm.addEventListener('submit', create);
ui.refresh.addEventListener('click', () => showList());
window.addEventListener('hashchange', route);
route();
